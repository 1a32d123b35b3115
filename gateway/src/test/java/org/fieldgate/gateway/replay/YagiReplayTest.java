package org.fieldgate.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.LongStream;

/**
 * The check: Typhoon Yagi at Long Biên replayed through {@code config/presets/hong-long-bien.yaml}
 * raises BĐ I, escalates to BĐ II at the right hours, never reaches BĐ III, and on the way down
 * deescalates and clears: exactly one event per transition despite 2 cm of sensor noise (several
 * noise seeds).
 */
class YagiReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double NOISE_SD_M = 0.02;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, Long.getLong("yagi.seeds", 20));
    }

    @ParameterizedTest(name = "noise seed {0}")
    @MethodSource("seeds")
    void longBienPresetSeesYagiAsOneEventPerTransition(long seed) throws Exception {
        Path preset = presets().resolve("hong-long-bien.yaml");
        FieldgateConfig config = ConfigLoader.load(preset, DriverRegistry.load());
        String sensor = config.rules().get(0).sensor();
        Duration hold = config.rules().get(0).hold();
        double hysteresis = config.rules().get(0).hysteresis();
        Path csv = YagiSeries.writeCsv(dir.resolve("yagi-long-bien.csv"), sensor, seed, NOISE_SD_M);

        List<String> lines = new ArrayList<>();
        ReplayResult result = new Replay(config, lines::add).run(List.of(csv), null, 0);

        List<JsonNode> alerts = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            if (n.has("rule")) {
                alerts.add(n);
            }
        }
        assertThat(result.readings()).isEqualTo((YagiSeries.end() - YagiSeries.start()) / YagiSeries.STEP_MS + 1);
        assertThat(alerts).extracting(a -> a.get("state").asText() + " " + a.get("level").asText())
                .as("events %s", lines)
                .containsExactly("raised BD1", "escalated BD2", "deescalated BD1", "cleared BD1");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("flood");
            assertThat(a.get("gw").asText()).isEqualTo("hn-longbien-01");
            assertThat(a.get("sensor").asText()).isEqualTo(sensor);
            assertThat(a.get("ch").asText()).isEqualTo("stage_m");
            assertThat(a.get("v").asInt()).isEqualTo(1);
        });
        assertThat(alerts).extracting(a -> a.get("seq").asLong()).isSorted().doesNotHaveDuplicates();

        // BĐ I: the published 9.50 m at 10/9 12:00, raised after the hold
        assertNear(alerts.get(0), YagiSeries.crossing(9.5, true, YagiSeries.start()), hold);
        assertThat(Instant.ofEpochMilli(alerts.get(0).get("t").asLong()))
                .isBetween(Instant.ofEpochMilli(YagiSeries.local(10, 11, 30)),
                        Instant.ofEpochMilli(YagiSeries.local(10, 13, 30)));
        // BĐ II: interpolated between 10/9 17:00 (10.10) and 11/9 05:00 (10.76): 11/9 00:16 local
        long bd2 = YagiSeries.crossing(10.5, true, YagiSeries.start());
        assertThat(bd2).isBetween(YagiSeries.local(11, 0, 10), YagiSeries.local(11, 0, 20));
        assertNear(alerts.get(1), bd2, hold);
        // on the way down: BĐ II released 5 cm below 10.5, BĐ I 5 cm below 9.5 (2 cm/h: days later)
        long peak = YagiSeries.local(11, 23, 0);
        assertNear(alerts.get(2), YagiSeries.crossing(10.5 - hysteresis, false, peak), hold);
        assertNear(alerts.get(3), YagiSeries.crossing(9.5 - hysteresis, false, peak), hold);
        assertThat(lines).noneMatch(l -> l.contains("BD3"));
    }

    /**
     * The event comes after the noise-free crossing plus the hold, give or take the time the river
     * takes to move three noise standard deviations at its local slope.
     */
    private static void assertNear(JsonNode alert, long crossing, Duration hold) {
        double slope = Math.abs(YagiSeries.slopePerHour(crossing));
        long noise = Math.round(3 * NOISE_SD_M / slope * 3_600_000);
        long t = alert.get("t").asLong();
        assertThat(t).as("%s at %s, noise-free crossing %s", alert.get("state").asText(), Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(crossing))
                .isBetween(crossing - noise, crossing + hold.toMillis() + noise);
    }

    static Path presets() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("config/presets"))) {
                return d.resolve("config/presets");
            }
        }
        throw new IllegalStateException("no config/presets above " + Path.of("").toAbsolutePath());
    }
}
