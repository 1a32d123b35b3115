package org.fieldgate.provisioning.init;

import java.util.List;
import java.util.Locale;

/**
 * A kind of site {@code init} writes a config for: its sensor (a real driver, on a serial port) and
 * its rules. Each template's sensor and rule keys are those of the driver's and rule's docs pages.
 */
public enum SiteTemplate {

    /** A river or lake gauge: an ultrasonic or radar range sensor, flood levels BĐ I–III. */
    WATER("water", "water level (MaxBotix HRXL ultrasonic, flood levels BĐ I–III)", "/dev/ttyUSB0"),
    /** A seismic station: a serial accelerometer digitiser, an earthquake trigger. */
    SEISMIC("seismic", "seismic (serial ADXL355 digitiser, STA/LTA earthquake trigger)", "/dev/ttyUSB0"),
    /** An air-quality kiosk: a particulate sensor with VN_AQI and US AQI. */
    AIR("air", "air quality (Plantower PMS5003, VN_AQI and US AQI)", "/dev/ttyAMA0"),
    /** A tsunami warning station at a tide gauge: an ultrasonic gauge over the sea, the IDSL-kind detector. */
    SEA_LEVEL("sea-level", "tsunami warning at a tide gauge (MaxBotix HRXL 10 m, sea_level detector)", "/dev/ttyUSB0");

    private final String id;
    private final String description;
    private final String defaultPort;

    SiteTemplate(String id, String description, String defaultPort) {
        this.id = id;
        this.description = description;
        this.defaultPort = defaultPort;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public String defaultPort() {
        return defaultPort;
    }

    /** The template named {@code id} ({@code water}, {@code seismic}, {@code air}). */
    public static SiteTemplate of(String id) {
        for (SiteTemplate t : values()) {
            if (t.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("no template '" + id + "'; templates: " + ids());
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(SiteTemplate::id).toList();
    }

    /** The {@code sensors:} and {@code rules:} (and {@code outputs:}) of this kind of site. */
    String sensorsAndRules(SiteAnswers a) {
        String siren = a.sirenPin() == null ? "" : """
                    actions: [ siren ]
                """;
        String outputs = a.sirenPin() == null ? "" : """

                outputs:
                  - id: siren
                    gpio: { pin: %d }
                    max_on: 10m            # a siren never sounds longer than this for one alarm
                """.formatted(a.sirenPin());
        return switch (this) {
            case WATER -> """
                    sensors:
                      - id: wl1
                        driver: maxbotix-hrxl
                        serial: { port: %s, baud: 9600 }
                        every: 10s
                        median_of: 5
                        stage: { datum_m: %s }   # the gauge datum: stage = datum - distance to the water

                    rules:
                      - id: flood
                        input: wl1.stage_m
                        levels: [ { name: BD1, above: %s }, { name: BD2, above: %s }, { name: BD3, above: %s } ]
                        hysteresis: 0.05       # metres: a level clears 5 cm below its threshold
                        hold: 60s              # a level must last a minute to raise, and to clear
                    %s  - id: wl1-silent
                        input: wl1
                        silent: 5m             # no reading for 5 minutes: the sensor or its cable
                    """.formatted(a.port(), num(a.datumM()), num(a.levels().get(0)), num(a.levels().get(1)),
                    num(a.levels().get(2)), siren) + outputs;
            case SEISMIC -> """
                    sensors:
                      - id: seis1
                        driver: seismic-serial
                        serial: { port: %s }   # 115200 8N1
                        scale: 3.8307e-5        # ADXL355 at ±2 g, m/s² per count
                        rate: 31.25

                    rules:
                      - id: quake
                        input: seis1
                        sta_lta: { sta: 1.024s, lta: 10.24s, trigger_on: 3.0, trigger_off: 1.5, method: classic,
                                   axis: any, min_duration: 0s, max_duration: 2m, pre: 10s, post: 30s }
                    %s  - id: seis1-silent
                        input: seis1
                        silent: 1m
                    """.formatted(a.port(), siren) + outputs;
            case SEA_LEVEL -> """
                    sensors:
                      - id: tg1
                        driver: maxbotix-hrxl
                        serial: { port: %s, baud: 9600 }
                        model_range_mm: { min: 500, max: 9998 }   # the 10 m model
                        every: 5s
                        median_of: 5
                        stage: { datum_m: %s, channel: sea_level_m }   # sea level = datum - distance
                        quality_gate:          # suspect readings never reach the detector
                          sea_level_m: { range: [-1.0, 8.5], spike: 1.0, flat: 30m, gap: 1m }

                    rules:
                      - id: tsunami
                        input: tg1.sea_level_m
                        # docs/sea-level.md; checked on the Nuku'alofa records of Tohoku 2011 and Chile 2010
                        sea_level: { short: 15m, long: 180m, ratio: 3, threshold: 0.10, count: 3 }
                    %s  - id: tg1-silent
                        input: tg1
                        silent: 5m
                    """.formatted(a.port(), num(a.datumM()), siren) + outputs;
            case AIR -> """
                    sensors:
                      - id: aq1
                        driver: pms5003
                        serial: { port: %s }
                        every: 10s
                        aqi: [ vn, us ]        # hourly pm2_5_nowcast, pm10_nowcast, vn_aqi, us_aqi

                    rules:
                      - id: air
                        input: aq1.vn_aqi
                        levels: [ { name: bad, above: 150 }, { name: very-bad, above: 200 }, { name: hazardous, above: 300 } ]
                        hold: 10m
                    %s  - id: aq1-silent
                        input: aq1
                        silent: 5m
                    """.formatted(a.port(), siren) + outputs;
        };
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
