package org.fieldgate.gateway.aqi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The index tables the gateway computes, by the name used in a sensor's {@code aqi:} list.
 *
 * <ul>
 *   <li>{@code vn}: VN_AQI, Decision 1459/QĐ-TCMT of 12 Nov 2019 (Tổng cục Môi trường), the
 *       breakpoint table for PM2.5 and PM10 and the six categories Tốt / Trung bình / Kém / Xấu /
 *       Rất xấu / Nguy hại (0–50, 51–100, 101–150, 151–200, 201–300, 301–500). The table is
 *       continuous (the upper breakpoint of a row is the lower one of the next).</li>
 *   <li>{@code us}: US EPA AQI after the PM NAAQS revision of 7 Feb 2024 (EPA-454/B-24-002, May 2024,
 *       Table 6): PM2.5 good up to 9.0 µg/m³, hazardous 225.5–325.4 for AQI 301–500.</li>
 *   <li>{@code us-2012}: the EPA table in force from 2012 until May 2024 (EPA-454/B-18-007,
 *       Sept 2018, Table 5): PM2.5 good up to 12.0 µg/m³, hazardous split into 301–400 / 401–500.</li>
 * </ul>
 *
 * <p>EPA rules (TAD section "Calculating the AQI"): truncate the concentration (PM2.5 to 0.1 µg/m³,
 * PM10 to 1 µg/m³), find the row whose [cLow, cHigh] holds it, interpolate linearly, round the index
 * to the nearest integer. The same interpolation and rounding is used for VN_AQI. A concentration
 * above the top of a table gives 500 (both standards stop there; the category is the top one).
 */
public enum AqiTable {
    VN("vn", "vn_aqi",
            Map.of(Pollutant.PM2_5, List.of(
                            new Breakpoint(0, 25, 0, 50), new Breakpoint(25, 50, 50, 100),
                            new Breakpoint(50, 80, 100, 150), new Breakpoint(80, 150, 150, 200),
                            new Breakpoint(150, 250, 200, 300), new Breakpoint(250, 350, 300, 400),
                            new Breakpoint(350, 500, 400, 500)),
                    Pollutant.PM10, List.of(
                            new Breakpoint(0, 50, 0, 50), new Breakpoint(50, 150, 50, 100),
                            new Breakpoint(150, 250, 100, 150), new Breakpoint(250, 350, 150, 200),
                            new Breakpoint(350, 420, 200, 300), new Breakpoint(420, 500, 300, 400),
                            new Breakpoint(500, 600, 400, 500))),
            List.of(new AqiCategory("good", "Tốt", 0, 50),
                    new AqiCategory("moderate", "Trung bình", 51, 100),
                    new AqiCategory("poor", "Kém", 101, 150),
                    new AqiCategory("bad", "Xấu", 151, 200),
                    new AqiCategory("very_bad", "Rất xấu", 201, 300),
                    new AqiCategory("hazardous", "Nguy hại", 301, 500)), false),
    US("us", "us_aqi",
            Map.of(Pollutant.PM2_5, List.of(
                            new Breakpoint(0.0, 9.0, 0, 50), new Breakpoint(9.1, 35.4, 51, 100),
                            new Breakpoint(35.5, 55.4, 101, 150), new Breakpoint(55.5, 125.4, 151, 200),
                            new Breakpoint(125.5, 225.4, 201, 300), new Breakpoint(225.5, 325.4, 301, 500)),
                    Pollutant.PM10, UsPm10.ROWS),
            UsCategories.LIST, true),
    US_2012("us-2012", "us_aqi_2012",
            Map.of(Pollutant.PM2_5, List.of(
                            new Breakpoint(0.0, 12.0, 0, 50), new Breakpoint(12.1, 35.4, 51, 100),
                            new Breakpoint(35.5, 55.4, 101, 150), new Breakpoint(55.5, 150.4, 151, 200),
                            new Breakpoint(150.5, 250.4, 201, 300), new Breakpoint(250.5, 350.4, 301, 400),
                            new Breakpoint(350.5, 500.4, 401, 500)),
                    Pollutant.PM10, UsPm10.ROWS_2012),
            UsCategories.LIST, true);

    /** The top of every table. */
    public static final int MAX_INDEX = 500;

    private final String configName;
    private final String channel;
    private final Map<Pollutant, List<Breakpoint>> rows;
    private final List<AqiCategory> categories;
    private final boolean truncates;

    AqiTable(String configName, String channel, Map<Pollutant, List<Breakpoint>> rows,
             List<AqiCategory> categories, boolean truncates) {
        this.configName = configName;
        this.channel = channel;
        this.rows = rows;
        this.categories = categories;
        this.truncates = truncates;
    }

    /** The name in a sensor's {@code aqi:} list: {@code vn}, {@code us}, {@code us-2012}. */
    public String configName() {
        return configName;
    }

    /** The derived channel the index is published on: {@code vn_aqi}, {@code us_aqi}, {@code us_aqi_2012}. */
    public String channel() {
        return channel;
    }

    public List<Breakpoint> breakpoints(Pollutant p) {
        return rows.get(p);
    }

    public List<AqiCategory> categories() {
        return categories;
    }

    /**
     * The sub-index of one pollutant at concentration {@code c} (µg/m³; for EPA tables truncated
     * first); empty for a negative or non-finite concentration.
     */
    public OptionalInt index(Pollutant p, double c) {
        if (!Double.isFinite(c) || c < 0) {
            return OptionalInt.empty();
        }
        double x = truncates ? p.truncate(c) : c;
        List<Breakpoint> table = rows.get(p);
        for (Breakpoint b : table) {
            if (x <= b.cHigh()) {
                // EPA tables have gaps of one truncation step (9.0 | 9.1): a truncated value never falls in one
                return OptionalInt.of((int) Math.round(Math.max(b.iLow(), b.interpolate(Math.max(x, b.cLow())))));
            }
        }
        return OptionalInt.of(MAX_INDEX);
    }

    /** The category of an index value (values above 500 are in the top category). */
    public AqiCategory category(int index) {
        for (AqiCategory c : categories) {
            if (c.contains(index)) {
                return c;
            }
        }
        return categories.get(categories.size() - 1);
    }

    /**
     * The table named {@code name} in a sensor's {@code aqi:} list; {@code us-epa} and
     * {@code us-epa-2012} (the names issue 5 uses) are accepted for {@code us} and {@code us-2012}.
     */
    public static Optional<AqiTable> byConfigName(String name) {
        if ("us-epa".equals(name)) {
            return Optional.of(US);
        }
        if ("us-epa-2012".equals(name)) {
            return Optional.of(US_2012);
        }
        for (AqiTable t : values()) {
            if (t.configName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Every name {@link #byConfigName} accepts. */
    public static final List<String> CONFIG_NAMES = List.of("vn", "us", "us-2012", "us-epa", "us-epa-2012");

    /**
     * The PM10 rows. The 2024 revision kept the PM10 breakpoints and only merged the two hazardous
     * rows (425–504 → 301–400, 505–604 → 401–500) into one (425–604 → 301–500), as it did for PM2.5.
     */
    private static final class UsPm10 {
        static final List<Breakpoint> ROWS = List.of(
                new Breakpoint(0, 54, 0, 50), new Breakpoint(55, 154, 51, 100),
                new Breakpoint(155, 254, 101, 150), new Breakpoint(255, 354, 151, 200),
                new Breakpoint(355, 424, 201, 300), new Breakpoint(425, 604, 301, 500));
        static final List<Breakpoint> ROWS_2012 = List.of(
                new Breakpoint(0, 54, 0, 50), new Breakpoint(55, 154, 51, 100),
                new Breakpoint(155, 254, 101, 150), new Breakpoint(255, 354, 151, 200),
                new Breakpoint(355, 424, 201, 300), new Breakpoint(425, 504, 301, 400),
                new Breakpoint(505, 604, 401, 500));
    }

    private static final class UsCategories {
        static final List<AqiCategory> LIST = List.of(
                new AqiCategory("good", "Good", 0, 50),
                new AqiCategory("moderate", "Moderate", 51, 100),
                new AqiCategory("usg", "Unhealthy for Sensitive Groups", 101, 150),
                new AqiCategory("unhealthy", "Unhealthy", 151, 200),
                new AqiCategory("very_unhealthy", "Very Unhealthy", 201, 300),
                new AqiCategory("hazardous", "Hazardous", 301, 500));
    }
}
