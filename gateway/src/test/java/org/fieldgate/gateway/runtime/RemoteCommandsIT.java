package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.fieldgate.gateway.testing.CentralOperator;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands and remote configuration end to end: the gateway jar, a real mosquitto, a central
 * operator's Ed25519 key. Only signed, fresh, never-seen commands run; a config moves an alert
 * level with seq unbroken; a config with a typo is rejected naming the key; one that points the
 * uplink at a dead broker rolls back by itself; a kill -9 during probation ends on the old config.
 */
class RemoteCommandsIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GW = "cmd-gw";
    private CentralOperator central;

    @AfterEach
    void closeOperator() {
        if (central != null) {
            central.close();
        }
    }

    private String config(String servers, double level, String probation) {
        return """
                gateway: { id: %s }
                uplink:
                  mqtt: { servers: [%s], health: 2s }
                  commands: { trust: [ central.pub ], probation: %s }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - { id: wl1, driver: sim-water-level, every: 500ms }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: %s } ]
                """.formatted(GW, servers, probation, level);
    }

    private void startGateway(String probation) throws Exception {
        broker = MosquittoBroker.started();
        recorder = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/#");
        central = CentralOperator.create(dir, "central", GW, broker.url());
        gateway = GatewayProcess.prepare(dir, config("\"" + broker.url() + "\"", 50.0, probation)).start();
        gateway.awaitUp(Duration.ofSeconds(30));
        awaitBirth(0);
    }

    private JsonNode awaitBirth(int configVersion) throws Exception {
        return JSON.readTree(recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/state")
                && m.text().contains("\"online\":true") && m.text().contains("\"config\":{\"version\":" + configVersion + ","),
                Duration.ofSeconds(60)).payload());
    }

    private JsonNode awaitReply(String id, String status) throws Exception {
        return JSON.readTree(recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/reply/" + id)
                && m.text().contains("\"status\":\"" + status + "\""), Duration.ofSeconds(90)).payload());
    }

    private static long seq(MqttRecorder.Received m) {
        try {
            return JSON.readTree(m.payload()).path("seq").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static ObjectNode yaml(String text) {
        return CentralOperator.args().put("yaml", text);
    }

    @Test
    void onlySignedFreshNeverSeenCommandsRun() throws Exception {
        startGateway("5s");
        central.send("ews", "ping", central.signed("ping", "p-1", CentralOperator.args()));
        JsonNode pong = awaitReply("p-1", "done");
        assertThat(pong.path("cmd").asText()).isEqualTo("ping");
        assertThat(pong.path("detail").path("config").path("source").asText()).isEqualTo("local");
        assertThat(pong.path("seq").asLong()).as("replies go through the store").isPositive();

        String moved = config("\"" + broker.url() + "\"", 10.0, "5s");
        ObjectNode unsigned = central.signed("config", "u-1", yaml(moved));
        unsigned.remove("sig");
        central.send("ews", "config", unsigned);
        assertThat(awaitReply("u-1", "rejected").path("detail").asText()).contains("unsigned");

        try (CentralOperator stranger = CentralOperator.create(java.nio.file.Files.createDirectories(
                dir.resolve("elsewhere")), "central", GW, broker.url())) { // same name, another key
            stranger.send("ews", "config", stranger.signed("config", "s-1", yaml(moved)));
        }
        assertThat(awaitReply("s-1", "rejected").path("detail").asText()).contains("not valid for any trusted key");

        central.send("ews", "config", central.signed("config", "o-1", System.currentTimeMillis() - 10 * 60_000,
                yaml(moved)));
        assertThat(awaitReply("o-1", "rejected").path("detail").asText()).contains("stale");

        ObjectNode status = central.signed("status", "r-1", CentralOperator.args());
        central.send("ews", "status", status);
        assertThat(awaitReply("r-1", "done").path("detail").path("gw").asText()).isEqualTo(GW);
        central.send("ews", "status", status); // the very same message again: a replay
        assertThat(awaitReply("r-1", "rejected").path("detail").asText()).contains("seen before");

        assertThat(gateway.terminate(Duration.ofSeconds(20))).isZero();
        long restarted = System.nanoTime();
        gateway.start();
        gateway.awaitUp(Duration.ofSeconds(30));
        recorder.awaitMessage(m -> m.topic().endsWith("/state") && m.at() > restarted
                && m.text().contains("\"online\":true"), Duration.ofSeconds(30));
        central.send("ews", "status", status); // and again after a restart
        recorder.await(all -> all.stream().filter(m -> m.topic().endsWith("/reply/r-1")
                && m.text().contains("rejected")).count() >= 2, Duration.ofSeconds(30));

        // nothing of the refused configs ran: still the local file, the level still 50
        assertThat(gateway.status().path("config").path("source").asText()).isEqualTo("local");
        assertThat(gateway.status().path("rules").get(0).path("levels").get(0).path("above").asDouble()).isEqualTo(50.0);
    }

    @Test
    void aSignedConfigMovesTheLevelWithSeqUnbrokenATypoIsRejectedADeadBrokerRollsBack() throws Exception {
        startGateway("5s");
        central.send("ews", "config", central.signed("config", "c-typo", yaml(
                config("\"" + broker.url() + "\"", 10.0, "5s").replace("levels:", "levles:"))));
        JsonNode typo = awaitReply("c-typo", "rejected");
        assertThat(typo.path("detail").path("list").toString()).contains("rules[0].levles");

        // through the reference client, as an operator would
        java.nio.file.Path moved = dir.resolve("moved.yaml");
        java.nio.file.Files.writeString(moved, config("\"" + broker.url() + "\"", 10.0, "5s"));
        GatewayProcess.Result[] cli = new GatewayProcess.Result[1];
        Thread operator = new Thread(() -> {
            try {
                cli[0] = GatewayProcess.runCli(Duration.ofSeconds(90), "command", "--server", broker.url(), "--gw", GW,
                        "--key", central.privateKey().toString(), "--id", "c-1", "config", "--file", moved.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "operator");
        operator.start();
        assertThat(awaitReply("c-1", "accepted").path("detail").asText()).contains("version 1");
        JsonNode birth = awaitBirth(1);
        assertThat(birth.path("config").path("source").asText()).isEqualTo("remote");
        JsonNode done = awaitReply("c-1", "done");
        assertThat(done.path("detail").asText()).contains("version 1");
        operator.join(60_000);
        assertThat(cli[0].exit()).as(cli[0].err()).isZero();
        assertThat(cli[0].out()).contains("\"status\":\"accepted\"").contains("\"status\":\"done\"");
        assertThat(gateway.status().path("config").path("hash").asText())
                .isEqualTo(org.fieldgate.gateway.remoteconfig.ConfigVersions.sha256(java.nio.file.Files.readString(moved)));
        assertThat(gateway.status().path("rules").get(0).path("levels").get(0).path("above").asDouble()).isEqualTo(10.0);

        // seq: every number from the first to the last stored message arrived, across the switch
        recorder.await(all -> all.stream().anyMatch(m -> m.topic().endsWith("/telemetry/wl1")
                && seq(m) > done.path("seq").asLong()), Duration.ofSeconds(30));
        TreeSet<Long> seqs = new TreeSet<>();
        for (MqttRecorder.Received m : recorder.messages()) {
            JsonNode j = JSON.readTree(m.payload());
            if (j.has("seq") && !m.retained()) {
                seqs.add(j.get("seq").asLong());
            }
        }
        assertThat(seqs.last() - seqs.first() + 1).as("no gap in " + seqs).isEqualTo(seqs.size());

        central.send("ews", "config", central.signed("config", "c-dead", yaml(config(
                "\"tcp://127.0.0.1:" + MosquittoBroker.freePort() + "\"", 10.0, "5s"))));
        MqttRecorder.Received accepted = recorder.awaitMessage(m -> m.topic().endsWith("/reply/c-dead")
                && m.text().contains("\"accepted\""), Duration.ofSeconds(30));
        JsonNode rolled = awaitReply("c-dead", "rolled_back");
        assertThat(rolled.path("detail").asText()).contains("uplink did not connect");
        assertThat(rolled.path("t").asLong() - JSON.readTree(accepted.payload()).path("t").asLong())
                .as("within probation plus a minute").isLessThan(65_000);
        JsonNode back = JSON.readTree(recorder.awaitMessage(m -> m.topic().endsWith("/state") && m.at() > accepted.at()
                && m.text().contains("\"online\":true"), Duration.ofSeconds(60)).payload());
        assertThat(back.path("config").path("version").asInt()).as("publishing again, back on version 1").isEqualTo(1);
        assertThat(gateway.status().path("config").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aKillDuringProbationEndsOnTheOldConfig() throws Exception {
        startGateway("5s");
        central.send("ews", "config", central.signed("config", "c-k", yaml(config("\"" + broker.url() + "\"", 10.0,
                "60s"))));
        awaitBirth(1); // the new version runs, on probation for a minute
        gateway.kill();
        gateway.start();
        gateway.awaitUp(Duration.ofSeconds(30));
        JsonNode rolled = awaitReply("c-k", "rolled_back");
        assertThat(rolled.path("detail").asText()).contains("stopped during the probation");
        List<MqttRecorder.Received> births = recorder.messages("ews/" + GW + "/state");
        assertThat(JSON.readTree(births.get(births.size() - 1).payload()).path("config").path("source").asText())
                .isIn("local");
        assertThat(gateway.status().path("config").path("source").asText()).isEqualTo("local");
        assertThat(gateway.status().path("rules").get(0).path("levels").get(0).path("above").asDouble()).isEqualTo(50.0);
    }
}
