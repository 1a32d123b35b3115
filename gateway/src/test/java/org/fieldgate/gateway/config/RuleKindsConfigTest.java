package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule kind of docs/rules.md loads into the RuleConfig the engine expects, and the schema agrees. */
class RuleKindsConfigTest {

    @TempDir
    Path dir;

    @Test
    void loadsEveryRuleKind() throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, """
                gateway: { id: gw-1 }
                uplink: { mqtt: { servers: ["tcp://localhost:1883"] } }
                storage: { path: store.db }
                sensors:
                  - { id: wl1, driver: test-level, every: 10s, scenario: { peak_m: 11.8 } }
                  - { id: wl2, driver: test-level, every: 10s, scenario: { peak_m: 11.8 } }
                rules:
                  - id: rapid-rise
                    input: wl1.stage_m
                    rate: { above: 0.3, per: 1h, window: 15m }
                    hold: 5m
                  - id: wl1-silent
                    input: wl1
                    silent: 5m
                  - id: wl1-stuck
                    input: wl1.stage_m
                    stuck: { for: 2h, tolerance: 0.001 }
                    quality: any
                  - id: either
                    any: [ { input: wl1.stage_m, above: 10.5 }, { input: wl2.stage_m, below: 1 } ]
                  - id: both
                    all: [ { input: wl1.stage_m, above: 10.5 }, { input: wl2.stage_m, above: 9 } ]
                    hysteresis: 0.1
                    hold: 1m
                """);

        FieldgateConfig c = ConfigLoader.load(file, DriverRegistry.load());

        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
        List<RuleConfig> r = c.rules();
        assertThat(r).extracting(RuleConfig::kind).containsExactly("rate", "silent", "stuck", "any", "all");
        RuleCondition.Rate rate = (RuleCondition.Rate) r.get(0).condition();
        assertThat(rate.per()).isEqualTo(Duration.ofHours(1));
        assertThat(rate.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.get(0).levels()).containsExactly(new RuleConfig.Level("rapid-rise", 0.3, null));
        assertThat(r.get(0).hold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.get(0).anyQuality()).isFalse();
        assertThat(r.get(1).input()).isEqualTo("wl1");
        assertThat(r.get(1).channel()).isNull();
        assertThat(r.get(1).condition()).isEqualTo(new RuleCondition.Silent(Duration.ofMinutes(5)));
        assertThat(r.get(2).condition()).isEqualTo(new RuleCondition.Stuck(Duration.ofHours(2), 0.001));
        assertThat(r.get(2).anyQuality()).isTrue();
        assertThat(((RuleCondition.Combined) r.get(3).condition()).clauses()).containsExactly(new RuleCondition.Clause("wl1", "stage_m", 10.5, null),
                new RuleCondition.Clause("wl2", "stage_m", null, 1.0));
        assertThat(r.get(3).input()).isNull();
        assertThat(r.get(4).hysteresis()).isEqualTo(0.1);
        assertThat(r.get(4).hold()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void loadsASeaLevelRuleWithItsDefaultsAndNamesEveryBadKey() throws Exception {
        Path file = dir.resolve("tide.yaml");
        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - { id: tg1, driver: sim-sea-level }
                rules:
                  - id: tsunami
                    input: tg1.sea_level_m
                    sea_level: { short: 15m, long: 180m, ratio: 3, threshold: 0.10, count: 3 }
                """);
        FieldgateConfig c = ConfigLoader.load(file, DriverRegistry.load());
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
        RuleConfig rule = c.rules().get(0);
        assertThat(rule.kind()).isEqualTo("sea_level");
        assertThat(rule.condition()).isEqualTo(new RuleCondition.SeaLevel(Duration.ofMinutes(15), Duration.ofMinutes(180),
                3, 0.10, 3, Duration.ofHours(1), Duration.ofMinutes(5)));
        assertThat(rule.levels()).containsExactly(new RuleConfig.Level("tsunami", 0.5, null));

        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - { id: tg1, driver: sim-sea-level }
                rules:
                  - id: tsunami
                    input: tg1.sea_level_m
                    hysteresis: 0.1
                    hold: 1m
                    sea_level: { short: 3h, long: 30h, ratio: 0, count: 2.5, max_gap: 4h, shrt: 1m }
                """);
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).extracting(Object::toString).containsExactlyInAnyOrder(
                "rules[0].hysteresis: not used by a sea_level rule (line 9)",
                "rules[0].hold: not used by a sea_level rule (sea_level.count is its hold) (line 10)",
                "rules[0].sea_level.long: at most 1d (its readings are kept in memory), got 30h (line 11)",
                "rules[0].sea_level.ratio: must be above 0 (a multiple of the signal's RMS), got 0.0 (line 11)",
                "rules[0].sea_level.threshold: required: the smallest signal that counts, in the channel's unit, e.g. 0.10 (m) (line 11)",
                "rules[0].sea_level.count: a whole number from 1 to 1000, got 2.5 (line 11)",
                "rules[0].sea_level.max_gap: at most the short window (3h): a longer gap leaves it without readings (line 11)",
                "rules[0].sea_level.shrt: unknown key; did you mean 'short'? (line 11)");
    }

    @Test
    void anAllRuleWatchesARuleAboveItAndNamesOneThatIsNot() throws Exception {
        Path file = dir.resolve("coast.yaml");
        String head = """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - { id: seis1, driver: sim-seismic }
                  - { id: tg1, driver: sim-sea-level }
                rules:
                """;
        Files.writeString(file, head + """
                  - id: quake
                    input: seis1
                    sta_lta: { sta: 1s, lta: 10s, trigger_on: 4.0, trigger_off: 1.5 }
                  - id: near-field
                    all:
                      - { rule: quake, within: 30m }
                      - { input: tg1.sea_level_m, below: -0.5 }
                """);
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
        RuleConfig rule = ConfigLoader.load(file, DriverRegistry.load()).rules().get(1);
        assertThat(((RuleCondition.Combined) rule.condition()).clauses()).containsExactly(
                RuleCondition.Clause.onRule("quake", Duration.ofMinutes(30)),
                new RuleCondition.Clause("tg1", "sea_level_m", null, -0.5));

        Files.writeString(file, head + """
                  - id: near-field
                    any:
                      - { rule: quake }
                      - { rule: near-field }
                      - { rule: tsunami, within: soon }
                  - id: quake
                    input: seis1
                    sta_lta: { sta: 1s, lta: 10s, trigger_on: 4.0, trigger_off: 1.5 }
                """);
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).extracting(Object::toString).containsExactlyInAnyOrder(
                "rules[0].any[0].rule: no rule 'quake' above this one (none is defined above it); a rule watches"
                        + " only rules defined before it (line 10)",
                "rules[0].any[1].rule: no rule 'near-field' above this one (none is defined above it); a rule watches"
                        + " only rules defined before it (line 11)",
                "rules[0].any[2].rule: no rule 'tsunami' above this one (none is defined above it); a rule watches"
                        + " only rules defined before it (line 12)",
                "rules[0].any[2].within: expected a duration like 500ms, 30s, 5m, 2h or 1d, got 'soon' (line 12)");
    }

    @Test
    void loadsABaselineRuleAndNamesEveryBadKey() throws Exception {
        Path file = dir.resolve("rad.yaml");
        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - { id: rad1, driver: bgeigie, serial: { port: /dev/ttyUSB0 } }
                  - { id: rg1, driver: rain-gauge, gpio: { pin: 5 }, mm_per_tip: 0.2 }
                rules:
                  - id: dose-baseline
                    input: rad1.cpm
                    baseline: { min_rise: 10, rain: rg1.rain_mm_h }
                    hold: 2m
                """);
        RuleConfig rule = ConfigLoader.load(file, DriverRegistry.load()).rules().get(0);
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
        assertThat(rule.condition()).isEqualTo(new RuleCondition.Baseline(Duration.ofHours(24), 4, 10,
                Duration.ofHours(1), new RuleCondition.Input("rg1", "rain_mm_h")));
        assertThat(rule.hold()).isEqualTo(Duration.ofMinutes(2));

        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - { id: rad1, driver: bgeigie, serial: { port: /dev/ttyUSB0 } }
                rules:
                  - id: dose-baseline
                    input: rad1.cpm
                    baseline: { window: 30d, k: 0, learn: 40d, rain: rg9.rain_mm_h }
                """);
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).extracting(Object::toString).containsExactlyInAnyOrder(
                "rules[0].baseline.window: from 10m to 7d, got 30d (line 9)",
                "rules[0].baseline.k: must be above 0 (how many standard deviations of counting noise), got 0.0 (line 9)",
                "rules[0].baseline.min_rise: required: the smallest rise above the background that counts, in the"
                        + " channel's unit, e.g. 10 (cpm) (line 9)",
                "rules[0].baseline.learn: at most the window (30d) (line 9)",
                "rules[0].baseline.rain: no sensor 'rg9' (sensors: rad1) (line 9)");
    }
}
