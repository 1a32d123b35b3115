package org.fieldgate.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code fieldgate replay} of the real OpenEEW records of the 2018 Mw 7.2 Pinotepa earthquake (data
 * from OpenEEW (openeew.com), CC BY-SA 4.0) through the shipped seismic station example, whose
 * trigger is the reference in src/test/resources/README.md (classic STA/LTA, 32/320 samples, on 3):
 * triggers at the reference times (±2 samples), the reference PGA (±1 %), and no alarm in the quiet minutes.
 */
class OpenEewReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TWO_SAMPLES_MS = 64;

    private static Path fixture(String name) throws Exception {
        return Path.of(OpenEewReplayTest.class.getResource("/fixtures/openeew/" + name).toURI());
    }

    private static List<JsonNode> replay(String... files) throws Exception {
        Path config = YagiReplayTest.presets().getParent().resolve("examples/seismic-station.yaml");
        FieldgateConfig loaded = ConfigLoader.load(config, DriverRegistry.load());
        List<JsonNode> alerts = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        for (String f : files) {
            inputs.add(fixture(f));
        }
        ReplayResult result = new Replay(loaded, line -> {
            try {
                alerts.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).run(inputs, "seis1", 0);
        assertThat(result.alerts()).isEqualTo(alerts.size());
        return alerts;
    }

    private static long epoch(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static List<JsonNode> of(List<JsonNode> alerts, String rule, String state) {
        return alerts.stream().filter(a -> a.path("rule").asText().equals(rule) && a.path("state").asText().equals(state))
                .toList();
    }

    @Test
    void nearTheEpicentreTheTriggerFiresAtTheReferenceTimesWithTheReferencePga() throws Exception {
        List<JsonNode> alerts = replay("station009-35.jsonl", "station009-40.jsonl");
        List<JsonNode> raised = of(alerts, "quake", "raised");
        // y reaches 3 first (the P wave, which fades within a second); x and z with the main arrival
        assertThat(raised.get(0).get("ch").asText()).isEqualTo("y");
        assertThat(raised.get(0).get("onset").asLong()).isCloseTo(epoch("2018-02-16T23:39:50.502Z"),
                within(TWO_SAMPLES_MS));
        assertThat(raised.get(1).get("ch").asText()).isIn("x", "z");
        assertThat(raised.get(1).get("onset").asLong()).isCloseTo(epoch("2018-02-16T23:39:57.987Z"),
                within(TWO_SAMPLES_MS));
        JsonNode end = of(alerts, "quake", "cleared").stream()
                .filter(a -> a.get("onset").asLong() == raised.get(1).get("onset").asLong()).findFirst().orElseThrow();
        assertThat(end.get("pga").asDouble() * 100).isCloseTo(51.891, within(51.891 * 0.01)); // gal
        assertThat(end.get("mmi").asDouble()).isBetween(4.5, 5.5);
        // nothing before the P wave
        assertThat(alerts).allSatisfy(a -> assertThat(a.get("t").asLong())
                .isGreaterThanOrEqualTo(epoch("2018-02-16T23:39:50.502Z") - TWO_SAMPLES_MS));
    }

    @Test
    void inMexicoCityTheQuietMinutesRaiseNothingAndTheEventTriggersOnZ() throws Exception {
        assertThat(of(replay("station000-35.jsonl"), "quake", "raised")).isEmpty();

        List<JsonNode> raised = of(replay("station000-35.jsonl", "station000-40.jsonl"), "quake", "raised");
        assertThat(raised.get(0).get("ch").asText()).isEqualTo("z");
        assertThat(raised.get(0).get("onset").asLong()).isCloseTo(epoch("2018-02-16T23:40:39.615Z"),
                within(TWO_SAMPLES_MS));
    }
}
