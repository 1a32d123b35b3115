package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.SeismicSerialEmulator;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.mseed.SeisFileRecord;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.rules.StaLtaRule;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real OpenEEW record of the 2018 Mw 7.2 Pinotepa earthquake near the epicentre (data from
 * OpenEEW (openeew.com), CC BY-SA 4.0), played live at its real rate by a seismic-serial digitizer
 * emulator (FGS1 frames) on a pseudo-terminal, read by the whole gateway (the runnable jar) and
 * published to a real mosquitto: the live triggers fall on the same samples as the reference and as
 * the rule run over the same samples, the alert carries onset and ground motion, every sample arrives
 * once with its exact value as miniSEED Steim-2 records (read back with seisFile, an independent
 * reader), and the event window follows on the alert lane.
 */
class SeismicSerialGatewayIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RATE = 31.25;
    private static final double PERIOD_MS = 1000 / RATE;

    private PtyPair pty;
    private SeismicSerialEmulator board;

    @AfterEach
    void stopBoard() throws Exception {
        if (board != null) {
            board.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private static int indexAt(OpenEewRecording r, String iso) {
        double t = Instant.parse(iso).toEpochMilli() / 1000.0 - 0.001;
        int i = 0;
        while (r.t()[i] < t) {
            i++;
        }
        return i;
    }

    @Test
    void anEarthquakePlayedLiveThroughADigitizerTriggersOnTheReferenceSamples() throws Exception {
        OpenEewRecording record = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl");
        // 58 s at the real rate: 20 s of quiet (the 10.24 s warm-up and more), the P wave, the main shaking
        int from = indexAt(record, "2018-02-16T23:39:30Z");
        int to = indexAt(record, "2018-02-16T23:40:28Z");
        int pWave = indexAt(record, "2018-02-16T23:39:50.502Z") - from;
        int mainArrival = indexAt(record, "2018-02-16T23:39:57.987Z") - from;
        double[][] samples = new double[3][];
        double[][] gal = {record.x(), record.y(), record.z()};
        for (int a = 0; a < 3; a++) {
            samples[a] = Arrays.stream(Arrays.copyOfRange(gal[a], from, to)).map(v -> v / 100).toArray();
        }
        int n = to - from;

        // what the rule finds in the same samples, in process
        List<AlertEvent> expected = offline(samples);
        List<AlertEvent> expectedRaises = expected.stream().filter(e -> e.state().equals("raised")).toList();
        assertThat(expectedRaises).hasSizeGreaterThanOrEqualTo(2);

        pty = PtyPair.open(dir);
        board = new SeismicSerialEmulator(pty, samples, RATE, 1e-5);
        broker = MosquittoBroker.started();
        recorder = MqttRecorder.subscribe(broker.url(), "ews/seis-gw/#");
        gateway = GatewayProcess.prepare(dir, """
                gateway: { id: seis-gw }
                uplink: { mqtt: { servers: ["%s"] } }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - id: seis1
                    driver: seismic-serial
                    serial: { port: %s }
                    scale: 1.0e-5
                    rate: 31.25
                    waveform: { format: miniseed, miniseed: { network: MX, station: OE009, location: "00" } }
                rules:
                  - id: quake
                    input: seis1
                    sta_lta: { sta: 1.024s, lta: 10.24s, trigger_on: 3.0, trigger_off: 1.5, axis: any, max_duration: 2m,
                               pre: 5s, post: 3s }
                """.formatted(broker.url(), pty.gatewayPort())).start();
        gateway.awaitUp(Duration.ofSeconds(30));
        board.start();

        List<MqttRecorder.Received> raised = recorder.await(list -> list.stream()
                .filter(m -> m.topic().equals("ews/seis-gw/alert/quake") && m.text().contains("\"raised\"")).count() >= 2,
                Duration.ofSeconds(90)).stream()
                .filter(m -> m.topic().equals("ews/seis-gw/alert/quake") && m.text().contains("\"raised\"")).toList();
        // ends with the record, then SIGTERM: the last part-filled second and the window are sent
        while (!board.finished()) {
            Thread.sleep(200);
        }
        Thread.sleep(1500);
        assertThat(gateway.terminate(Duration.ofSeconds(10))).isZero();

        // the stream: miniSEED records, read back with seisFile; every sample once, exactly as sent
        Map<String, List<Integer>> counts = new java.util.TreeMap<>();
        Map<String, Long> firstStart = new java.util.HashMap<>();
        for (MqttRecorder.Received m : recorder.messages("ews/seis-gw/mseed/seis1")) {
            for (SeisFileRecord r : SeisFileRecord.readAll(m.payload(), 512)) {
                assertThat(r.network() + "." + r.station() + "." + r.location()).isEqualTo("MX.OE009.00");
                List<Integer> series = counts.computeIfAbsent(r.channel(), c -> new ArrayList<>());
                firstStart.putIfAbsent(r.channel(), r.start().toEpochMilli());
                for (int c : r.samples()) {
                    series.add(c);
                }
            }
        }
        long t0 = firstStart.get("BNZ");
        assertThat(counts.keySet()).containsExactly("BNE", "BNN", "BNZ");
        String[] channels = {"BNE", "BNN", "BNZ"};
        for (int a = 0; a < 3; a++) {
            List<Integer> got = counts.get(channels[a]);
            assertThat(got).as("every sample of %s arrives once", channels[a]).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i)).isEqualTo((int) Math.round(samples[a][i] / 1e-5));
            }
        }
        assertThat(recorder.messages("ews/seis-gw/telemetry/seis1")).as("no JSON packets").isEmpty();

        for (int k = 0; k < 2; k++) {
            JsonNode alert = JSON.readTree(raised.get(k).payload());
            int onsetIndex = (int) Math.round((alert.get("onset").asLong() - t0) / PERIOD_MS);
            long offlineIndex = Math.round((expectedRaises.get(k).shaking().onset() - 0) / PERIOD_MS);
            assertThat(onsetIndex).as("raise %d: same sample as the rule over the same samples", k)
                    .isBetween((int) offlineIndex - 1, (int) offlineIndex + 1);
            assertThat(onsetIndex).as("raise %d: the reference sample", k)
                    .isBetween((k == 0 ? pWave : mainArrival) - 2, (k == 0 ? pWave : mainArrival) + 2);
            assertThat(alert.get("ch").asText()).isEqualTo(expectedRaises.get(k).channel());
            long arrivedWall = System.currentTimeMillis() - (System.nanoTime() - raised.get(k).at()) / 1_000_000;
            long latency = arrivedWall - alert.get("onset").asLong();
            System.out.printf("raise %d on %s: onset sample %d, alert at the subscriber %d ms after the onset "
                    + "sample's time%n", k, alert.get("ch").asText(), onsetIndex, latency);
            assertThat(latency).as("alert reaches the broker's subscriber soon after its sample").isLessThan(2_000);
        }
        List<MqttRecorder.Received> windows = recorder.messages("ews/seis-gw/event/quake");
        assertThat(windows).isNotEmpty();
        JsonNode w = JSON.readTree(windows.get(0).payload());
        assertThat(w.get("onset").asLong()).isEqualTo(JSON.readTree(raised.get(0).payload()).get("onset").asLong());
        assertThat(gateway.log()).doesNotContain("gap").doesNotContain("Exception");
    }

    /** The rule over the same samples in one-frame blocks, timed from 0. */
    private static List<AlertEvent> offline(double[][] samples) {
        RuleCondition.StaLta t = new RuleCondition.StaLta(Duration.ofMillis(1024), Duration.ofMillis(10240), 3.0, 1.5,
                RuleCondition.StaLta.Method.CLASSIC, "any", null, Duration.ZERO, Duration.ofMinutes(2),
                Duration.ofSeconds(5), Duration.ofSeconds(3));
        StaLtaRule rule = (StaLtaRule) RuleEngine.create(new RuleConfig("quake", "seis1", null, Duration.ZERO, List.of(), false, t));
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < samples[0].length; i++) {
            java.util.Map<String, double[]> axes = new java.util.LinkedHashMap<>();
            axes.put("x", new double[] {samples[0][i]});
            axes.put("y", new double[] {samples[1][i]});
            axes.put("z", new double[] {samples[2][i]});
            events.addAll(rule.waveform("seis1", new WaveformPacket(Math.round(i * PERIOD_MS), RATE, "m/s2", axes)));
        }
        return events;
    }
}
