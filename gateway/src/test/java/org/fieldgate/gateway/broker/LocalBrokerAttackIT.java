package org.fieldgate.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.runtime.RunFile;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile client on the site LAN against the embedded broker of the real gateway (the runnable jar,
 * {@code -Xmx64m} as {@code bin/fieldgate} runs it), with the real {@code mosquitto_pub}/{@code _sub}
 * on loopback: it may neither forge the gateway's messages, nor take its client id, nor fill its heap
 * (with retained messages or with subscriptions).
 */
class LocalBrokerAttackIT extends RealGatewayTest {

    private static final String GW = "atk";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private int port;
    private String url;

    /** A reading every 200 ms, always above BD1: the flood alarm is raised about a second after start. */
    @BeforeEach
    void startGateway() throws Exception {
        port = MosquittoBroker.freePort();
        url = "tcp://127.0.0.1:" + port;
        gateway = GatewayProcess.prepare(dir, """
                gateway: { id: %s }
                uplink: { mqtt: { servers: [] } }
                local_broker: { enabled: true, bind: "127.0.0.1:%d" }
                storage: { path: store.db, max_size: 64MB }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - id: wl1
                    driver: sim-water-level
                    every: 200ms
                    scenario: { seed: 7, start_m: 9.8, peak_m: 9.9, time_to_peak: 20m, duration: 60m, noise_m: 0.002 }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 } ]
                    hold: 1s
                """.formatted(GW, port)).start();
        gateway.awaitUp(WAIT);
        try {
            recorder = MqttRecorder.subscribe(url, "ews/" + GW + "/#");
        } catch (IllegalStateException e) {
            // Seen once in CI under load (EOF on the first SUBSCRIBE), never reproduced alone: keep the
            // evidence in the output and try once more, so an unexplained set-up drop does not hide
            // what the tests below assert
            System.out.println("recorder's first subscribe failed: " + e.getMessage() + "\ngateway log:\n" + gateway.log());
            recorder = MqttRecorder.subscribe(url, "ews/" + GW + "/#");
        }
    }

    @Test
    void aForgedRetainedAlarmNeverReachesASubscriber() throws Exception {
        String alarm = "ews/" + GW + "/alarm/flood";
        recorder.awaitMessage(m -> m.topic().equals(alarm), WAIT); // the gateway's real alarm
        // QoS 1: Moquette drops a QoS 0 retained message instead of keeping it
        mosquittoPub("-r", "-q", "1", "-t", alarm, "-m", "{\"forged\":\"cleared\"}");
        mosquittoPub("-r", "-q", "1", "-t", "ews/" + GW + "/alarm/dam", "-m", "{\"forged\":\"raised\"}");
        mosquittoPub("-q", "0", "-t", "ews/" + GW + "/alert/flood", "-m", "{\"forged\":\"live\"}");

        try (MqttRecorder late = MqttRecorder.subscribe(url, "ews/" + GW + "/alarm/#")) {
            MqttRecorder.Received kept = late.awaitMessage(m -> m.topic().equals(alarm), WAIT);
            assertThat(kept.text()).contains("\"rule\":\"flood\"").contains("\"state\":\"raised\"");
            assertThat(kept.retained()).isTrue();
            Thread.sleep(1_000);
            assertThat(late.messages()).extracting(MqttRecorder.Received::text).noneMatch(t -> t.contains("forged"));
        }
        assertThat(recorder.messages()).extracting(MqttRecorder.Received::text).noneMatch(t -> t.contains("forged"));
    }

    @Test
    void aClientWithTheGatewaysClientIdIsRefusedAndTheUplinkStaysUp() throws Exception {
        awaitTelemetry();
        for (int i = 0; i < 3; i++) {
            // anonymous, and with a user name: neither may hold the id nor read anything under it
            Run anonymous = run(Duration.ofSeconds(8), "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-i", "fieldgate-" + GW, "-t", "ews/#", "-C", "1", "-W", "3");
            assertThat(anonymous.out()).as("what the impostor received").isEmpty();
            Run named = run(Duration.ofSeconds(8), "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-i", "fieldgate-" + GW, "-u", "x", "-P", "y", "-t", "ews/#", "-C", "1", "-W", "3");
            assertThat(named.out()).isEmpty();
            assertThat(named.err()).contains("Connection Refused");
        }
        JsonNode uplink = gateway.status().path("uplink");
        assertThat(uplink.path("connected").asBoolean()).as("uplink: %s", uplink).isTrue();
        assertThat(uplink.path("reconnects").asLong()).as("uplink: %s", uplink).isZero();
        assertThat(recorder.messages("ews/" + GW + "/state")).as("births").hasSizeLessThanOrEqualTo(1);
        recorder.clear();
        awaitTelemetry();
    }

    @Test
    void aFloodOf900KbRetainedMessagesLeavesTheGatewayPublishingAndItsHealthTruthful() throws Exception {
        Path big = dir.resolve("900k.bin");
        byte[] payload = new byte[900 * 1024];
        Arrays.fill(payload, (byte) 'x');
        Files.write(big, payload);
        // 90 of them to new topics: 79 MB, more than the gateway's whole 64 MB heap
        for (int i = 0; i < 90; i++) {
            run(Duration.ofSeconds(5), "mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-i", "flood-" + i, "-r", "-q", "1", "-t", "lan/flood/" + i, "-f", big.toString());
        }
        assertThat(gateway.process().isAlive()).as("gateway alive:\n%s", gateway.log()).isTrue();
        recorder.clear();
        awaitTelemetry();
        awaitTelemetry();
        assertThat(healthz()).isEqualTo(200);
        JsonNode status = gateway.status();
        assertThat(status.path("uplink").path("connected").asBoolean()).isTrue();
        assertThat(status.path("sensors").get(0).path("state").asText()).isEqualTo("ok");
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        try (MqttRecorder late = MqttRecorder.subscribe(url, "lan/#")) {
            Thread.sleep(1_000);
            assertThat(late.messages()).as("retained flood messages kept").isEmpty();
        }
    }

    @Test
    void aTwentyThousandLevelFilterIsRefusedAndTheGatewayKeepsPublishing() throws Exception {
        String deep = "a/".repeat(20_000) + "#"; // 40 KB: inside the message size limit
        for (int i = 0; i < 3; i++) {
            Run r = run(Duration.ofSeconds(10), "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-i", "deep-" + i, "-t", deep, "-C", "1", "-W", "3");
            assertThat(r.err()).as("mosquitto_sub %d: %s", i, r).contains("denied");
        }
        assertThat(gateway.process().isAlive()).as("gateway alive:\n%s", gateway.log()).isTrue();
        recorder.clear();
        awaitTelemetry();
        assertThat(healthz()).isEqualTo(200);
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
    }

    /** The next telemetry message; on failure the gateway's log tells why. */
    private void awaitTelemetry() throws Exception {
        long after = System.nanoTime();
        try {
            recorder.awaitMessage(m -> m.at() > after && m.topic().startsWith("ews/" + GW + "/telemetry/"), WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nrecorder connected: " + recorder.isConnected()
                    + "\ngateway log:\n" + gateway.log(), e);
        }
    }

    private int healthz() throws Exception {
        RunFile run = RunFile.read(RunFile.beside(gateway.storeFile()));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(run.statusUrl() + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void mosquittoPub(String... args) throws Exception {
        String[] cmd = new String[args.length + 7];
        System.arraycopy(new String[] {"mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-i", "forger"},
                0, cmd, 0, 7);
        System.arraycopy(args, 0, cmd, 7, args.length);
        run(Duration.ofSeconds(3), cmd);
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs a command for at most {@code limit} (then kills it: a refused QoS 1 publish waits forever). */
    static Run run(Duration limit, String... command) throws Exception {
        Path out = Files.createTempFile("cmd", ".out");
        Path err = Files.createTempFile("cmd", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return new Run(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
