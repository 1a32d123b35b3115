package org.fieldgate.gateway.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AqiTableTest {

    /** Written out from the published tables, independent of the rows in AqiTable. */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // US EPA 2024 (EPA-454/B-24-002 Table 6), PM2.5
            "us, PM2_5, 0.0, 0", "us, PM2_5, 9.0, 50", "us, PM2_5, 9.09, 50", "us, PM2_5, 9.1, 51",
            "us, PM2_5, 12.0, 56", "us, PM2_5, 35.4, 100", "us, PM2_5, 35.49, 100", "us, PM2_5, 35.5, 101",
            "us, PM2_5, 55.4, 150", "us, PM2_5, 55.5, 151", "us, PM2_5, 125.4, 200", "us, PM2_5, 125.5, 201",
            "us, PM2_5, 225.4, 300", "us, PM2_5, 225.5, 301", "us, PM2_5, 294.4, 438", "us, PM2_5, 325.4, 500",
            "us, PM2_5, 325.5, 500", "us, PM2_5, 600, 500",
            // US EPA 2024, PM10 (breakpoints unchanged; one hazardous row 425-604 -> 301-500)
            "us, PM10, 0, 0", "us, PM10, 54, 50", "us, PM10, 54.9, 50", "us, PM10, 55, 51", "us, PM10, 154, 100",
            "us, PM10, 155, 101", "us, PM10, 254, 150", "us, PM10, 255, 151", "us, PM10, 354, 200",
            "us, PM10, 355, 201", "us, PM10, 424, 300", "us, PM10, 425, 301", "us, PM10, 504, 389",
            "us, PM10, 505, 390", "us, PM10, 604, 500", "us, PM10, 605, 500",
            // US EPA before 2024 (us-2012), PM2.5
            "us-2012, PM2_5, 0.0, 0", "us-2012, PM2_5, 9.0, 38", "us-2012, PM2_5, 12.0, 50",
            "us-2012, PM2_5, 12.05, 50", "us-2012, PM2_5, 12.1, 51", "us-2012, PM2_5, 35.4, 100",
            "us-2012, PM2_5, 35.5, 101", "us-2012, PM2_5, 44.0, 122", "us-2012, PM2_5, 55.4, 150",
            "us-2012, PM2_5, 55.5, 151", "us-2012, PM2_5, 150.4, 200", "us-2012, PM2_5, 150.5, 201",
            "us-2012, PM2_5, 250.4, 300", "us-2012, PM2_5, 250.5, 301", "us-2012, PM2_5, 294.4, 345",
            "us-2012, PM2_5, 350.4, 400", "us-2012, PM2_5, 350.5, 401", "us-2012, PM2_5, 500.4, 500",
            "us-2012, PM2_5, 500.5, 500",
            // US EPA before 2024, PM10 (two hazardous rows)
            "us-2012, PM10, 54, 50", "us-2012, PM10, 55, 51", "us-2012, PM10, 424, 300",
            "us-2012, PM10, 425, 301", "us-2012, PM10, 504, 400", "us-2012, PM10, 505, 401",
            "us-2012, PM10, 604, 500",
            // VN_AQI (Decision 1459/QĐ-TCMT), PM2.5: 0-25-50-80-150-250-350-500 for 0-50-100-150-200-300-400-500
            "vn, PM2_5, 0, 0", "vn, PM2_5, 24.9, 50", "vn, PM2_5, 25, 50", "vn, PM2_5, 25.1, 50",
            "vn, PM2_5, 25.3, 51", "vn, PM2_5, 49.9, 100", "vn, PM2_5, 50, 100", "vn, PM2_5, 50.4, 101",
            "vn, PM2_5, 79.9, 150", "vn, PM2_5, 80, 150", "vn, PM2_5, 81, 151", "vn, PM2_5, 149.9, 200",
            "vn, PM2_5, 150, 200", "vn, PM2_5, 151, 201", "vn, PM2_5, 249.9, 300", "vn, PM2_5, 250, 300",
            "vn, PM2_5, 251, 301", "vn, PM2_5, 349.9, 400", "vn, PM2_5, 350, 400", "vn, PM2_5, 350.6, 400",
            "vn, PM2_5, 351, 401", "vn, PM2_5, 499, 499", "vn, PM2_5, 500, 500", "vn, PM2_5, 700, 500",
            // VN_AQI, PM10: 0-50-150-250-350-420-500-600
            "vn, PM10, 0, 0", "vn, PM10, 49, 49", "vn, PM10, 50, 50", "vn, PM10, 52, 51", "vn, PM10, 149, 100",
            "vn, PM10, 150, 100", "vn, PM10, 152, 101", "vn, PM10, 249, 150", "vn, PM10, 250, 150",
            "vn, PM10, 252, 151", "vn, PM10, 349, 200", "vn, PM10, 350, 200", "vn, PM10, 351, 201",
            "vn, PM10, 419, 299", "vn, PM10, 420, 300", "vn, PM10, 421, 301", "vn, PM10, 499, 399",
            "vn, PM10, 500, 400", "vn, PM10, 501, 401", "vn, PM10, 600, 500", "vn, PM10, 601, 500",
    })
    void publishedBreakpoints(String table, Pollutant p, double c, int expected) {
        assertThat(AqiTable.byConfigName(table).orElseThrow().index(p, c)).hasValue(expected);
    }

    /** Every row of every table: its ends map onto its index ends, and one step either side onto the neighbours. */
    @ParameterizedTest
    @EnumSource(AqiTable.class)
    void everyRowEndsOnItsIndexEnds(AqiTable table) {
        for (Pollutant p : Pollutant.values()) {
            List<Breakpoint> rows = table.breakpoints(p);
            double step = table == AqiTable.VN ? 0 : (p == Pollutant.PM2_5 ? 0.1 : 1);
            for (int i = 0; i < rows.size(); i++) {
                Breakpoint b = rows.get(i);
                assertThat(table.index(p, b.cLow())).as("%s %s %s", table, p, b.cLow()).hasValue(b.iLow());
                assertThat(table.index(p, b.cHigh())).as("%s %s %s", table, p, b.cHigh()).hasValue(b.iHigh());
                if (i + 1 < rows.size()) {
                    Breakpoint next = rows.get(i + 1);
                    // contiguous rows: EPA's next row starts one truncation step up, VN's at the same value
                    assertThat(next.cLow()).isCloseTo(b.cHigh() + step, org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(next.iLow()).isIn(b.iHigh(), b.iHigh() + 1);
                    if (step > 0) {
                        // the top of a row, plus less than one step, truncates back into the row
                        assertThat(table.index(p, b.cHigh() + step * 0.99)).hasValue(b.iHigh());
                    }
                }
            }
            assertThat(rows.get(0).cLow()).isZero();
            assertThat(rows.get(rows.size() - 1).iHigh()).isEqualTo(500);
        }
    }

    @Test
    void negativeOrMissingConcentrationsHaveNoIndex() {
        assertThat(AqiTable.US.index(Pollutant.PM2_5, -0.1)).isEmpty();
        assertThat(AqiTable.VN.index(Pollutant.PM10, Double.NaN)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "vn, 0, good", "vn, 50, good", "vn, 51, moderate", "vn, 100, moderate", "vn, 101, poor",
            "vn, 150, poor", "vn, 151, bad", "vn, 200, bad", "vn, 201, very_bad", "vn, 300, very_bad",
            "vn, 301, hazardous", "vn, 500, hazardous",
            "us, 0, good", "us, 50, good", "us, 51, moderate", "us, 100, moderate", "us, 101, usg",
            "us, 150, usg", "us, 151, unhealthy", "us, 200, unhealthy", "us, 201, very_unhealthy",
            "us, 300, very_unhealthy", "us, 301, hazardous", "us, 500, hazardous",
            "us-2012, 345, hazardous", "us-2012, 122, usg",
    })
    void categories(String table, int index, String id) {
        assertThat(AqiTable.byConfigName(table).orElseThrow().category(index).id()).isEqualTo(id);
    }

    @Test
    void categoryNamesAreTheStandards() {
        assertThat(AqiTable.VN.categories()).extracting(AqiCategory::name)
                .containsExactly("Tốt", "Trung bình", "Kém", "Xấu", "Rất xấu", "Nguy hại");
        assertThat(AqiTable.US.categories()).extracting(AqiCategory::name)
                .containsExactly("Good", "Moderate", "Unhealthy for Sensitive Groups", "Unhealthy",
                        "Very Unhealthy", "Hazardous");
        assertThat(AqiTable.US.category(438).name()).isEqualTo("Hazardous");
    }

    @Test
    void configNamesAndChannels() {
        assertThat(AqiTable.byConfigName("vn")).contains(AqiTable.VN);
        assertThat(AqiTable.byConfigName("us")).contains(AqiTable.US);
        assertThat(AqiTable.byConfigName("us-2012")).contains(AqiTable.US_2012);
        assertThat(AqiTable.byConfigName("us-epa")).contains(AqiTable.US);
        assertThat(AqiTable.byConfigName("us-epa-2012")).contains(AqiTable.US_2012);
        assertThat(AqiTable.byConfigName("vn-epa")).isEmpty();
        assertThat(AqiTable.byConfigName("epa")).isEmpty();
        assertThat(AqiTable.CONFIG_NAMES).allMatch(n -> AqiTable.byConfigName(n).isPresent());
        assertThat(AqiTable.values()).extracting(AqiTable::channel).containsExactly("vn_aqi", "us_aqi", "us_aqi_2012");
    }
}
