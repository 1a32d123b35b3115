package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.contract.ConfigIdentity;
import org.fieldgate.gateway.status.ApiToken;
import org.fieldgate.gateway.testing.AsyncApiDocument;
import org.fieldgate.gateway.testing.CentralOperator;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/asyncapi.yaml is an AsyncAPI 3.0 document, and it is true: a gateway that exercises every
 * channel in it (sensors of every kind, an alarm and its acknowledgement, an earthquake's event
 * window, miniSEED, a siren test, health, commands and their replies, the offline state) publishes
 * only messages that validate against their channel's schema. Every other end-to-end test checks
 * the messages it receives the same way ({@link MqttRecorder#close}).
 */
class AsyncApiContractIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MockGpio gpio = new MockGpio();

    @AfterEach
    void closeGpio() {
        gpio.close();
    }

    @Test
    void theDocumentIsAsyncApi3AndItsSchemasRefuseWhatTheContractDoesNotSay() throws Exception {
        AsyncApiDocument contract = AsyncApiDocument.shared();
        assertThat(contract.specificationProblems()).isEmpty();
        assertThat(contract.channelOf("ews/gw-1/telemetry/wl1")).isEqualTo("telemetry");
        assertThat(contract.channelOf("ews/gw-1/cmd/selftest")).isEqualTo("command");
        assertThat(contract.channelOf("net/north/gw-1/selftest")).as("a root with levels").isEqualTo("selftest");
        assertThat(contract.channelOf("elsewhere")).isNull();
        assertThat(contract.problem("ews/gw-1/alert/flood", "{\"v\":1,\"gw\":\"gw-1\"}".getBytes(StandardCharsets.UTF_8)))
                .contains("required property 'seq'");
        assertThat(contract.problem("ews/gw-1/telemetry/wl1", ("{\"v\":1,\"gw\":\"g\",\"seq\":3,\"sensor\":\"wl1\","
                + "\"readings\":[{\"t\":1,\"ch\":\"stage_m\",\"val\":1.5,\"q\":\"great\"}]}").getBytes(StandardCharsets.UTF_8)))
                .as("an unknown quality").isNotNull();
        assertThat(contract.problem("ews/gw-1/alarm/flood", new byte[0])).as("a removed rule").isNull();
        assertThat(contract.problem("ews/gw-1/mseed/seis1", new byte[100])).as("not miniSEED").isNotNull();
    }

    @Test
    void everyChannelIsExercisedAndEveryMessageValidates() throws Exception {
        AsyncApiDocument contract = AsyncApiDocument.shared();
        try (MosquittoBroker broker = MosquittoBroker.started();
             MqttRecorder recorder = MqttRecorder.subscribe(broker.url(), "ews/api-gw/#");
             CentralOperator central = CentralOperator.create(dir, "central", "api-gw", broker.url())) {
            Path yaml = dir.resolve("gw.yaml");
            Files.writeString(yaml, """
                    gateway: { id: api-gw }
                    uplink:
                      mqtt: { servers: ["%s"], health: 2s }
                      commands: { trust: [ central.pub ] }
                    storage: { path: store.db }
                    status: { http: { bind: "127.0.0.1:0" } }
                    pipeline: { batch: 1s }
                    sensors:
                      - id: wl1
                        driver: sim-water-level
                        every: 500ms
                        scenario: { seed: 7, start_m: 10.0, peak_m: 10.2, time_to_peak: 1h, duration: 2h, noise_m: 0.01 }
                      - id: seis1
                        driver: sim-seismic
                        scenario: { seed: 3, kind: quake, at: 12s, magnitude: 5.5, distance_km: 20 }
                      - id: seis2
                        driver: sim-seismic
                        waveform: { format: miniseed, miniseed: { network: XX, station: API01 } }
                    rules:
                      - id: flood
                        input: wl1.stage_m
                        levels: [ { name: BD1, above: 9.5 } ]
                        actions: [ siren ]
                      - id: quake
                        input: seis1
                        sta_lta: { sta: 1s, lta: 10s, trigger_on: 3.0, trigger_off: 1.5, max_duration: 10s,
                                   pre: 2s, post: 1s }
                    outputs:
                      - id: siren
                        gpio: { pin: 17 }
                    """.formatted(broker.url()));
            FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());
            GatewayRuntime runtime = GatewayRuntime.start(config, "test", Pi4jGpio.over(gpio.context()),
                    new GatewayRuntime.RemoteSide(new ConfigIdentity(0, "sha256:0", "local"), null, null));
            try {
                recorder.awaitMessage(m -> m.topic().equals("ews/api-gw/alert/flood"), Duration.ofSeconds(30));
                for (String name : new String[] {"ping", "status", "selftest", "dead-letters"}) {
                    publishAndCheck(contract, central, name, central.signed(name, name + "-1", CentralOperator.args()));
                }
                publishAndCheck(contract, central, "ack", central.signed("ack", "ack-1",
                        CentralOperator.args().put("rule", "flood")));
                assertThat(recorder.awaitMessage(m -> m.topic().equals("ews/api-gw/reply/ack-1"), Duration.ofSeconds(20))
                        .text()).contains("\"status\":\"done\"");
                assertThat(recorder.awaitMessage(m -> m.topic().equals("ews/api-gw/alert/flood")
                        && m.text().contains("acknowledged"), Duration.ofSeconds(20)).text())
                        .contains("\"by\":\"central:central\"");
                String status = RunFile.read(RunFile.beside(config.storage().path())).statusUrl();
                HttpResponse<String> test = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(status + "/api/test/siren?by=contract"))
                        .header("Authorization", "Bearer " + ApiToken.read(ApiToken.fileOf(config)))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
                // what fieldgate-provision selftest publishes with the gateway's identity (BrokerChecks)
                central.publishRaw("ews/api-gw/selftest", ("{\"v\":1,\"gw\":\"api-gw\",\"t\":" + System.currentTimeMillis()
                        + ",\"nonce\":\"" + java.util.UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
                recorder.await(all -> seen(contract, all).containsAll(Set.of("event", "mseed", "reply", "action",
                        "selftest", "health")), Duration.ofSeconds(90));
            } finally {
                runtime.close();
            }
            recorder.awaitMessage(m -> m.topic().equals("ews/api-gw/state") && m.text().contains("\"online\":false"),
                    Duration.ofSeconds(10));
            assertThat(seen(contract, recorder.messages())).as("every channel of the document")
                    .containsExactlyInAnyOrderElementsOf(contract.channelNames());
            assertThat(recorder.contractProblems()).isEmpty();
        }
    }

    /** Sends a command after checking it against the command channel's schema. */
    private static void publishAndCheck(AsyncApiDocument contract, CentralOperator central, String name,
                                        ObjectNode command) throws Exception {
        assertThat(contract.problem("ews/api-gw/cmd/" + name, JSON.writeValueAsBytes(command))).isNull();
        central.send("ews", name, command);
    }

    private static Set<String> seen(AsyncApiDocument contract, java.util.List<MqttRecorder.Received> all) {
        Set<String> channels = new TreeSet<>();
        for (MqttRecorder.Received m : all) {
            String c = contract.channelOf(m.topic());
            if (c != null) {
                channels.add(c);
            }
        }
        return channels;
    }
}
