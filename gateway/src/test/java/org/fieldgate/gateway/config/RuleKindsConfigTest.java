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
}
