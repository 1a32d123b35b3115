package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityGateConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsEachChannelsGateAndNamesEveryBadKey() throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - id: tg1
                    driver: sim-sea-level
                    quality_gate:
                      sea_level_m: { range: [-1, 8.5], spike: 1.0, flat: 30m, gap: 1m }
                """);
        SensorConfig tg1 = ConfigLoader.load(file, DriverRegistry.load()).sensors().get(0);
        assertThat(tg1.qualityGate()).containsEntry("sea_level_m",
                new QualityGateConfig(-1.0, 8.5, 1.0, Duration.ofMinutes(30), Duration.ofMinutes(1)));
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();

        Files.writeString(file, """
                gateway: { id: gw-1 }
                storage: { path: store.db }
                local_broker: { enabled: true }
                sensors:
                  - id: tg1
                    driver: sim-sea-level
                    quality_gate:
                      stage_m: { range: [0, 1] }
                      sea_level_m: { range: [8, 2], spike: -1, flat: soon, jump: 2 }
                """);
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).extracting(Object::toString).containsExactlyInAnyOrder(
                "sensors[0].quality_gate.stage_m: sensor tg1 has no scalar channel 'stage_m' (sea_level_m) (line 8)",
                "sensors[0].quality_gate.sea_level_m.range: expected [min, max] with min < max, in the channel's unit,"
                        + " e.g. [-2, 8] (line 9)",
                "sensors[0].quality_gate.sea_level_m.spike: must be above 0 (the largest believable step from the"
                        + " recent median), got -1.0 (line 9)",
                "sensors[0].quality_gate.sea_level_m.flat: " + durationProblem("soon") + " (line 9)",
                "sensors[0].quality_gate.sea_level_m.jump: unknown key (known here: range, spike, flat, gap) (line 9)");
    }

    private String durationProblem(String text) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "gateway: { id: gw-1 }\nstorage: { path: store.db }\nlocal_broker: { enabled: true }\n"
                + "sensors:\n  - { id: tg1, driver: sim-sea-level, every: " + text + " }\n");
        String p = ConfigLoader.check(file, DriverRegistry.load()).get(0).toString();
        return p.substring("sensors[0].every: ".length(), p.lastIndexOf(" (line"));
    }
}
