package org.fieldgate.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.replay.OpenEewRecording;
import org.fieldgate.gateway.rules.seismic.Shaking;
import org.junit.jupiter.api.Test;

/**
 * The earthquake trigger as a rule, on the real OpenEEW records of the 2018 Mw 7.2 Pinotepa
 * earthquake (data from OpenEEW (openeew.com), CC BY-SA 4.0; reference values in
 * src/test/resources/README.md) and on synthetic signals for the lifecycle.
 */
class StaLtaRuleTest {

    private static final double SR = 31.25;
    private static final long TWO_SAMPLES_MS = 64;

    static RuleConfig quake(String axis, double on, double off, Duration minDuration, Duration maxDuration) {
        RuleCondition.StaLta t = new RuleCondition.StaLta(Duration.ofMillis(1024), Duration.ofMillis(10240), on, off,
                RuleCondition.StaLta.Method.CLASSIC, axis, null, minDuration, maxDuration, Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        return new RuleConfig("quake", "seis1", null, Duration.ZERO, List.of(), false, t);
    }

    static List<WaveformPacket> station(String id, String... parts) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String part : parts) {
            files.add(Path.of(StaLtaRuleTest.class.getResource("/fixtures/openeew/station" + id + "-" + part
                    + ".jsonl").toURI()));
        }
        return OpenEewRecording.read(files);
    }

    static List<AlertEvent> run(StaLtaRule rule, List<WaveformPacket> packets) {
        List<AlertEvent> events = new ArrayList<>();
        for (WaveformPacket p : packets) {
            events.addAll(rule.waveform("seis1", p));
        }
        return events;
    }

    private static long epoch(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void station009RaisesAtTheReferenceOnsetAndReportsTheReferencePga() throws Exception {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("any", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        List<AlertEvent> events = run(rule, station("009", "35", "40"));

        AlertEvent raised = events.get(0);
        assertThat(raised.state()).isEqualTo("raised");
        assertThat(raised.channel()).isEqualTo("y"); // y reaches 3 first, 7 s before x and z
        assertThat(raised.shaking().onset()).isCloseTo(epoch("2018-02-16T23:39:50.502Z"), within(TWO_SAMPLES_MS));
        assertThat(raised.time()).isEqualTo(raised.shaking().onset());
        assertThat(raised.value()).isGreaterThan(3.0);

        // the P wave on y alone fades within a second; the main event triggers on x and z at 23:39:57.987
        List<AlertEvent> raises = events.stream().filter(e -> e.state().equals("raised")).toList();
        AlertEvent main = raises.get(1);
        assertThat(events.subList(0, events.indexOf(main))).extracting(AlertEvent::state).endsWith("cleared");
        assertThat(main.shaking().onset()).isCloseTo(epoch("2018-02-16T23:39:57.987Z"), within(TWO_SAMPLES_MS));
        assertThat(events).filteredOn(e -> e.state().equals("updated")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.severity()).isEqualTo(1));
        // the long-term average is frozen during the event: the strong shaking stays one event
        long pgaTime = epoch("2018-02-16T23:40:24.505Z");
        AlertEvent cleared = events.stream().filter(e -> e.state().equals("cleared")
                && e.shaking().onset() == main.shaking().onset()).findFirst().orElseThrow();
        assertThat(cleared.shaking().end()).isGreaterThan(pgaTime);
        // reference: vector PGA 51.891 gal at 23:40:24.505
        assertThat(cleared.shaking().pga()).isCloseTo(0.51891, within(0.51891 * 0.01));
        assertThat(cleared.shaking().mmi()).isEqualTo(Shaking.intensity(cleared.shaking().pga()));
        assertThat(cleared.shaking().mmi()).isBetween(4.5, 5.5);
        assertThat(cleared.shaking().pgv()).isBetween(0.005, 0.5);
        // PGA and intensity never go down between the alerts of one event
        double pga = 0;
        for (AlertEvent e : events.subList(events.indexOf(main), events.indexOf(cleared) + 1)) {
            assertThat(e.shaking().pga()).isGreaterThanOrEqualTo(pga);
            pga = e.shaking().pga();
        }
    }

    @Test
    void vectorTriggerOnStation009RaisesWithTheMainArrival() throws Exception {
        // the vector sum dilutes the weak P wave on y with the noise of x and z: it triggers with the
        // main arrival, 4 samples after x and z alone do
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        AlertEvent raised = run(rule, station("009", "35", "40")).get(0);
        assertThat(raised.channel()).isEqualTo("vector");
        assertThat(raised.shaking().onset()).isBetween(epoch("2018-02-16T23:39:57.987Z"),
                epoch("2018-02-16T23:39:58.200Z"));
    }

    @Test
    void station000QuietMinutesRaiseNothingAndTheEventTriggersOnZFirst() throws Exception {
        StaLtaRule quiet = (StaLtaRule) RuleEngine.create(quake("any", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        assertThat(run(quiet, station("000", "35"))).isEmpty();

        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("any", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        AlertEvent raised = run(rule, station("000", "35", "40")).get(0);
        assertThat(raised.channel()).isEqualTo("z");
        assertThat(raised.shaking().onset()).isCloseTo(epoch("2018-02-16T23:40:39.615Z"), within(TWO_SAMPLES_MS));
    }

    @Test
    void perAxisTriggersMatchTheReferenceTimesOfEachAxis() throws Exception {
        Map<String, String> reference = Map.of("x", "2018-02-16T23:39:57.987Z", "y", "2018-02-16T23:39:50.502Z",
                "z", "2018-02-16T23:39:57.987Z");
        for (Map.Entry<String, String> axis : reference.entrySet()) {
            StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake(axis.getKey(), 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
            AlertEvent raised = run(rule, station("009", "35", "40")).get(0);
            assertThat(raised.shaking().onset()).as(axis.getKey())
                    .isCloseTo(epoch(axis.getValue()), within(TWO_SAMPLES_MS));
        }
    }

    // ---- lifecycle on synthetic signals ----

    /** 1-second packets of a quiet signal with a burst of {@code amplitude} over [from, to) seconds. */
    private static List<WaveformPacket> burst(int seconds, int from, int to, double amplitude, double rate) {
        List<WaveformPacket> packets = new ArrayList<>();
        java.util.Random noise = new java.util.Random(7);
        int n = (int) rate;
        for (int s = 0; s < seconds; s++) {
            Map<String, double[]> axes = new LinkedHashMap<>();
            for (String a : List.of("x", "y", "z")) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (a.equals("z") ? 9.81 : 0) + noise.nextGaussian() * 0.001
                            + (s >= from && s < to ? amplitude * Math.sin(2 * Math.PI * 3 * i / rate) : 0);
                }
                axes.put(a, v);
            }
            packets.add(new WaveformPacket(1_000_000L + s * 1000L, rate, "m/s2", axes));
        }
        return packets;
    }

    @Test
    void aBurstShorterThanMinDurationRaisesNothing() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ofSeconds(3), Duration.ofMinutes(2)));
        assertThat(run(rule, burst(40, 20, 21, 0.5, 50))).isEmpty();
        StaLtaRule longer = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ofSeconds(3), Duration.ofMinutes(2)));
        List<AlertEvent> events = run(longer, burst(60, 20, 30, 0.5, 50));
        assertThat(events.get(0).state()).isEqualTo("raised");
        assertThat(events.get(0).time() - events.get(0).shaking().onset()).isBetween(3000L, 3100L);
    }

    @Test
    void maxDurationEndsTheEventAndTheTriggerReArmsOnlyAfterTheRatioFell() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 2.0, 1.1, Duration.ZERO, Duration.ofSeconds(2)));
        List<AlertEvent> events = run(rule, burst(60, 20, 40, 0.5, 50));
        List<String> states = events.stream().map(AlertEvent::state).toList();
        assertThat(states).startsWith("raised").contains("cleared");
        AlertEvent cleared = events.stream().filter(e -> e.state().equals("cleared")).findFirst().orElseThrow();
        assertThat(cleared.shaking().reason()).isEqualTo("max_duration");
        assertThat(cleared.time() - cleared.shaking().onset()).isBetween(2000L, 2100L);
        // the sensor reports gravity on z (9.81): PGA is the shaking's, 0.5 m/s2 on each axis at once
        assertThat(cleared.shaking().pga()).isCloseTo(0.5 * Math.sqrt(3), within(0.01));
        assertThat(rule.severity()).isZero();
    }

    @Test
    void aRestoredAlarmClearsOnceTheWarmedUpDetectorSeesNoEvent() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        rule.restore(1, 42L);
        assertThat(rule.severity()).isEqualTo(1);
        List<AlertEvent> events = run(rule, burst(15, 100, 100, 0, 50));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("cleared");
            assertThat(e.shaking().onset()).isEqualTo(42L);
            assertThat(e.time()).isBetween(1_000_000L + 10_000, 1_000_000L + 11_000);
        });
        assertThat(rule.severity()).isZero();
    }

    @Test
    void aBreakInTheStreamEndsTheEventAndWarmsUpAgain() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        List<WaveformPacket> packets = new ArrayList<>(burst(25, 20, 25, 0.5, 50));
        List<AlertEvent> events = run(rule, packets);
        assertThat(events).extracting(AlertEvent::state).startsWith("raised").doesNotContain("cleared");
        // 10 s later, quiet: a gap
        List<WaveformPacket> later = new ArrayList<>();
        for (WaveformPacket p : burst(5, 100, 100, 0, 50)) {
            later.add(new WaveformPacket(p.t0() + 35_000, p.sampleRate(), p.unit(), p.axes()));
        }
        List<AlertEvent> after = run(rule, later);
        assertThat(after).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("cleared");
            assertThat(e.shaking().reason()).isEqualTo("gap");
        });
    }

    @Test
    void aStreamThatStopsDuringAnEventClearsItWhenTimePasses() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        List<AlertEvent> events = run(rule, burst(25, 20, 25, 0.5, 50)); // the stream stops mid-shaking
        assertThat(events.get(0).state()).isEqualTo("raised");
        long lastSample = 1_000_000L + 25_000 - 20;
        assertThat(rule.tick(lastSample + 2_000)).isEmpty(); // not yet
        AlertEvent cleared = rule.tick(lastSample + 10_000).orElseThrow();
        assertThat(cleared.state()).isEqualTo("cleared");
        assertThat(cleared.shaking().reason()).isEqualTo("gap");
        assertThat(cleared.shaking().end()).isEqualTo(lastSample);
        assertThat(rule.severity()).isZero();
        assertThat(rule.tick(lastSample + 20_000)).isEmpty();
    }

    @Test
    void aRestoredAlarmWhoseSensorNeverSendsClearsAfterAMinute() {
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(quake("vector", 3.0, 1.5, Duration.ZERO, Duration.ofMinutes(2)));
        rule.restore(1, 42L);
        assertThat(rule.tick(1_000_000L)).isEmpty();
        assertThat(rule.tick(1_030_000L)).isEmpty();
        AlertEvent cleared = rule.tick(1_060_000L).orElseThrow();
        assertThat(cleared.state()).isEqualTo("cleared");
        assertThat(cleared.shaking().reason()).isEqualTo("gap");
        assertThat(cleared.shaking().onset()).isEqualTo(42L);
        assertThat(rule.severity()).isZero();
    }
}
