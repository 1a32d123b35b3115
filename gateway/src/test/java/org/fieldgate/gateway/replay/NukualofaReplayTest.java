package org.fieldgate.gateway.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tsunami detector on two real tsunamis, through {@code fieldgate replay} and the shipped
 * example config (config/examples/sea-level-station.yaml): the Nuku'alofa tide gauge's 1-minute
 * records of Tohoku 2011 and Chile 2010 (test resources, fixtures/nukualofa; "Nuku'alofa tide-gauge
 * data via Geoscience Australia ptha (BSD-3); IOC / Australian Bureau of Meteorology"). The
 * reference detector of the fixtures' README first alerts at 2011-03-11 16:42 and 2010-02-27 20:22
 * UTC and never in the days before either earthquake; the record's own missing minutes (244 gaps in
 * the Tohoku file) must raise nothing.
 */
class NukualofaReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The fixture's raw {@code height} as replay input, each line passed through {@code edit} (null drops it). */
    private Path input(String fixture, UnaryOperator<String> edit) throws Exception {
        StringBuilder csv = new StringBuilder("t,sensor,ch,val\n");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                NukualofaReplayTest.class.getResourceAsStream("/fixtures/nukualofa/" + fixture), UTF_8))) {
            in.readLine(); // "time","juliant","height","resid"
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                String row = f[0].replace(' ', 'T') + "Z,tg1,sea_level_m," + f[2];
                row = edit.apply(row);
                if (row != null) {
                    csv.append(row).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve(fixture), csv);
    }

    private static List<JsonNode> replay(Path input) throws Exception {
        Path config = YagiReplayTest.presets().getParent().resolve("examples/sea-level-station.yaml");
        FieldgateConfig loaded = ConfigLoader.load(config, DriverRegistry.load());
        List<JsonNode> alerts = new ArrayList<>();
        new Replay(loaded, line -> {
            try {
                JsonNode n = JSON.readTree(line);
                if (n.path("rule").asText().equals("tsunami")) {
                    alerts.add(n);
                }
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).run(List.of(input), null, 0);
        return alerts;
    }

    private static long epoch(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void tohoku2011RaisesAtTheReferenceMinuteAndNeverBeforeTheEarthquake() throws Exception {
        List<JsonNode> alerts = replay(input("nukualofa_tohoku_tsunami_detided.csv", UnaryOperator.identity()));
        JsonNode first = alerts.get(0);
        assertThat(first.path("state").asText()).isEqualTo("raised");
        assertThat(first.path("t").asLong()).as("first alert %s", Instant.ofEpochMilli(first.path("t").asLong()))
                .isBetween(epoch("2011-03-11T16:37:00Z"), epoch("2011-03-11T16:52:00Z"));
        assertThat(first.path("t").asLong()).isGreaterThan(epoch("2011-03-11T05:46:00Z"));
        // what the alert carries
        assertThat(first.path("counter").asInt()).isEqualTo(3);
        assertThat(Math.abs(first.path("signal").asDouble())).isGreaterThan(0.10)
                .isGreaterThan(3 * first.path("rms").asDouble());
        assertThat(first.path("signal").asDouble()).isCloseTo(first.path("forecast_short").asDouble()
                - first.path("forecast_long").asDouble(), org.assertj.core.data.Offset.offset(0.0002));
        assertThat(first.path("sea_level").isNumber()).isTrue();
        assertThat(first.path("threshold").asDouble()).isGreaterThanOrEqualTo(0.10);
        // the largest wave (0.62 m at 18:06) comes as an update, and it all clears hours later
        assertThat(alerts).anyMatch(a -> a.path("state").asText().equals("updated")
                && Math.abs(a.path("signal").asDouble()) > 0.4);
        assertThat(alerts).anyMatch(a -> a.path("state").asText().equals("cleared"));
    }

    @Test
    void chile2010RaisesWithinMinutesOfTheReferenceAndNeverBeforeTheEarthquake() throws Exception {
        List<JsonNode> alerts = replay(input("nukualofa_chile2010_detided.csv", UnaryOperator.identity()));
        JsonNode first = alerts.get(0);
        assertThat(first.path("state").asText()).isEqualTo("raised");
        assertThat(first.path("t").asLong()).as("first alert %s", Instant.ofEpochMilli(first.path("t").asLong()))
                .isBetween(epoch("2010-02-27T20:17:00Z"), epoch("2010-02-27T20:32:00Z"));
    }

    @Test
    void theDaysBeforeRaiseNothingEvenWithAHoleAndAReLevelledGauge() throws Exception {
        long quake = epoch("2011-03-11T05:46:00Z");
        long holeFrom = epoch("2011-03-10T06:00:00Z");
        long holeTo = epoch("2011-03-10T09:00:00Z");
        // three hours without data, after which the gauge reads 0.3 m higher (re-levelled, a new datum)
        Path quiet = input("nukualofa_tohoku_tsunami_detided.csv", row -> {
            String[] f = row.split(",");
            long t = Instant.parse(f[0]).toEpochMilli();
            if (t >= quake) {
                return null;
            }
            if (t >= holeFrom && t < holeTo) {
                return null;
            }
            double v = Double.parseDouble(f[3]) + (t >= holeTo ? 0.3 : 0);
            return f[0] + ",tg1,sea_level_m," + v;
        });
        assertThat(replay(quiet)).isEmpty();
        assertThat(Duration.ofMillis(holeTo - holeFrom)).isGreaterThan(Duration.ofMinutes(5));
    }
}
