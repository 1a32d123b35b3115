package org.fieldgate.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.cli.FieldgateCli;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldgate replay}: input format, errors with file:line:column, sensors, simulated time. */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2024-09-10T12:00:00+07:00 */
    private static final long NOON = 1_725_944_400_000L;

    @TempDir
    Path dir;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void config() throws Exception {
        // the Long Biên preset with a hold of one minute, so a few readings make events
        String text = Files.readString(YagiReplayTest.presets().resolve("hong-long-bien.yaml"))
                .replace("hold: 45m", "hold: 1m");
        config = Files.writeString(dir.resolve("site.yaml"), text);
    }

    private int replay(String... args) {
        CommandLine cli = FieldgateCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("replay", "--config", config.toString()));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private Path csv(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private List<JsonNode> printed() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                list.add(JSON.readTree(line));
            }
        }
        return list;
    }

    @Test
    void epochAndIsoTimesReplayTheSameAndPrintTheAlertPayloads() throws Exception {
        Path rec = csv("rec.csv",
                "t,sensor,ch,val",
                "# Long Biên, 10/9/2024",
                NOON + ",wl1,stage_m,9.40",
                "2024-09-10T12:01:00+07:00,wl1,stage_m,9.60",
                "2024-09-10T05:02:00Z,wl1,stage_m,9.61",
                "",
                (NOON + 180_000) + ",wl1,stage_m,9.62",
                "2024-09-10T12:04:00.000+07:00,wl1,stage_m,9.30",
                "2024-09-10T12:05:00+07:00,wl1,stage_m,9.30",
                "2024-09-10T12:06:00+07:00,wl1,stage_m,9.30");

        assertThat(replay("--input", rec.toString())).as(err.toString()).isZero();

        List<JsonNode> lines = printed();
        assertThat(lines).extracting(n -> n.get("state").asText()).containsExactly("raised", "cleared");
        JsonNode raised = lines.get(0);
        // raised once the level held a minute (12:02), cleared a minute after it fell (12:05)
        assertThat(raised.get("t").asLong()).isEqualTo(NOON + 120_000);
        assertThat(raised.get("value").asDouble()).isEqualTo(9.61);
        assertThat(raised.get("level").asText()).isEqualTo("BD1");
        assertThat(raised.get("gw").asText()).isEqualTo("hn-longbien-01");
        assertThat(raised.get("rule").asText()).isEqualTo("flood");
        assertThat(raised.has("seq")).isTrue();
        assertThat(lines.get(1).get("t").asLong()).isEqualTo(NOON + 300_000);
        assertThat(lines.get(1).get("seq").asLong()).isGreaterThan(raised.get("seq").asLong());
        assertThat(err.toString()).contains("replayed 7 reading(s)").contains("2 alert event(s)");
    }

    @Test
    void suspectReadingsFromTheQualityColumnDoNotRaise() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val,q",
                NOON + ",wl1,stage_m,9.7,suspect",
                (NOON + 60_000) + ",wl1,stage_m,9.7,suspect",
                (NOON + 120_000) + ",wl1,stage_m,9.7,suspect");
        assertThat(replay("--input", rec.toString())).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badTimeNamesFileLineAndColumn() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,9.4", "2024-09-10 12:01,wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":3:1: bad time \"2024-09-10 12:01\"");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void isoTimeWithoutOffsetIsRejected() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val", "2024-09-10T12:01:00,wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":2:1: bad time").contains("with an offset");
    }

    @Test
    void badValueNamesItsColumn() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,9,6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":2:1: expected 4 fields");

        Path rec2 = csv("rec2.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,high");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(replay("--input", rec2.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec2 + ":2:" + (Long.toString(NOON).length() + 14) + ": bad value \"high\"");
    }

    @Test
    void wrongHeaderAndEmptyFileAndMissingFileAreBadInput() throws Exception {
        Path rec = csv("rec.csv", "time,id,channel,value", NOON + ",wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":1:1: expected the header t,sensor,ch,val");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThat(replay("--input", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(empty + ":1:1: empty recording");

        assertThat(replay("--input", dir.resolve("nope.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.csv: no such file");
    }

    @Test
    void aWaveformRecordNeedsAWaveformSensorAndNamesTheLineAtFault() throws Exception {
        Path rec = csv("station009-35.jsonl", "{\"device_id\":\"009\",\"x\":[0.1],\"y\":[0.2],\"z\":[0.3],"
                + "\"sr\":31.25,\"cloud_t\":1518824100.31}", "{\"x\":[0.1],\"y\":[0.2],\"z\":[0.3],\"sr\":31.25}");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("needs --sensor").contains("the config has none");
        assertThat(replay("--input", rec.toString(), "--sensor", "wl1")).isEqualTo(2);
        assertThat(err.toString()).contains("--sensor wl1 delivers no waveform");

        config = Path.of(YagiReplayTest.presets().getParent().resolve("examples/seismic-station.yaml").toString());
        assertThat(replay("--input", rec.toString(), "--sensor", "seis1")).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":2:1: cloud_t: expected a Unix time in seconds");

        Path csvRec = csv("rec.csv", "t,sensor,ch,val", NOON + ",seis1,x,0.1");
        assertThat(replay("--input", csvRec.toString(), rec.toString(), "--sensor", "seis1")).isEqualTo(2);
        assertThat(err.toString()).contains("mixed inputs");
    }

    @Test
    void timeGoingBackwardsInAFileIsAnError() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val", (NOON + 60_000) + ",wl1,stage_m,9.6", NOON + ",wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":3:1: time goes backwards");
    }

    @Test
    void unknownSensorIsNamedBeforeAnythingIsPrinted() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val",
                NOON + ",wl1,stage_m,9.6",
                (NOON + 60_000) + ",wl1,stage_m,9.6",
                (NOON + 120_000) + ",wl1,stage_m,9.6",
                (NOON + 180_000) + ",wl9,stage_m,9.6",
                (NOON + 240_000) + ",wl7,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(rec + ":5:" + (Long.toString(NOON).length() + 2)
                + ": sensor wl9 is not in the config (has wl1)");
        assertThat(out.toString()).as("nothing printed before the input is known good").isEmpty();
    }

    @Test
    void sensorOptionFiltersAndMustNameAConfiguredSensor() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val",
                NOON + ",wl1,stage_m,9.6",
                NOON + ",wl9,stage_m,1.0",
                (NOON + 60_000) + ",wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString(), "--sensor", "wl1")).as(err.toString()).isZero();
        assertThat(printed()).extracting(n -> n.get("state").asText()).containsExactly("raised");
        assertThat(err.toString()).contains("replayed 2 reading(s) (1 of other sensors skipped)");

        assertThat(replay("--input", rec.toString(), "--sensor", "aq1")).isEqualTo(2);
        assertThat(err.toString()).contains("--sensor aq1: no such sensor in the config");
    }

    @Test
    void severalFilesAreMergedByTime() throws Exception {
        Path a = csv("a.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,9.6", (NOON + 120_000) + ",wl1,stage_m,9.2");
        Path b = csv("b.csv", "t,sensor,ch,val", (NOON + 60_000) + ",wl1,stage_m,9.6",
                (NOON + 180_000) + ",wl1,stage_m,9.2");
        // merged: 9.6 @0, 9.6 @1m (raised), 9.2 @2m, 9.2 @3m (cleared); file order alone would not raise
        assertThat(replay("--input", a.toString(), b.toString())).as(err.toString()).isZero();
        List<JsonNode> lines = printed();
        assertThat(lines).extracting(n -> n.get("state").asText() + "@" + (n.get("t").asLong() - NOON))
                .containsExactly("raised@60000", "cleared@180000");
    }

    @Test
    void badConfigIsExit2() throws Exception {
        Files.writeString(config, "gateway: { id: Bad_Id }\n");
        Path rec = csv("rec.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("invalid config").contains("site.yaml");
    }

    @Test
    void speedIsANumberOrMax() throws Exception {
        Path rec = csv("rec.csv", "t,sensor,ch,val", NOON + ",wl1,stage_m,9.6");
        assertThat(replay("--input", rec.toString(), "--speed", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed: expected a number or max");
        assertThat(replay("--input", rec.toString(), "--speed", "0")).isEqualTo(2);
        assertThat(replay("--input", rec.toString(), "--speed", "max")).isZero();
    }

    @Test
    void finiteSpeedSleepsTheRecordedGapsScaledAndMaxDoesNotSleep() throws Exception {
        FieldgateConfig site = ConfigLoader.load(config, DriverRegistry.load());
        Path rec = csv("rec.csv", "t,sensor,ch,val",
                NOON + ",wl1,stage_m,9.4",
                (NOON + 300_000) + ",wl1,stage_m,9.4",
                (NOON + 300_000) + ",wl1,stage_m,9.5",
                (NOON + 900_000) + ",wl1,stage_m,9.4");
        List<Long> sleeps = new ArrayList<>();
        new Replay(site, line -> { }, sleeps::add).run(List.of(rec), null, 60);
        assertThat(sleeps).containsExactly(5_000L, 10_000L);

        sleeps.clear();
        new Replay(site, line -> { }, sleeps::add).run(List.of(rec), null, 0);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void simulatedClockFollowsTheRecordingNotTheWallClock() {
        SimulatedClock clock = new SimulatedClock(NOON);
        assertThat(clock.millis()).isEqualTo(NOON);
        clock.advanceTo(NOON + 10_000);
        assertThat(clock.instant().toEpochMilli()).isEqualTo(NOON + 10_000);
        clock.advanceTo(NOON); // never backwards
        assertThat(clock.millis()).isEqualTo(NOON + 10_000);
    }
}
