package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.cli.FieldgateCli;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.status.ApiToken;
import org.fieldgate.gateway.status.CrewPin;
import org.fieldgate.gateway.status.OutputTester;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole runtime on pi4j's mock GPIO: outputs opened at their safe state, the ack route wired, safe at stop. */
class GatewayOutputsIT {

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockGpio mock = new MockGpio();

    @AfterEach
    void tearDown() {
        mock.close();
    }

    @Test
    void outputsStartSafeAnswerAcksAndAreReleasedSafeAtStop() throws Exception {
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, """
                gateway: { id: gw-out }
                local_broker: { enabled: true, bind: "127.0.0.1:0" }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                sensors:
                  - { id: wl1, driver: test-level, scenario: { peak_m: 11 } }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 } ]
                    actions: [ siren, relay ]
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                    pattern: { "1": "blink 1s/1s" }
                    silence_button: { pin: 27 }
                  - id: relay
                    gpio: { pin: 23, active: low }
                """);
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());

        GatewayRuntime runtime = GatewayRuntime.start(config, "test", Pi4jGpio.over(mock.context()));
        var siren = mock.output(17);
        var relay = mock.output(23);
        try {
            assertThat(siren.state()).isEqualTo(DigitalState.LOW);
            assertThat(relay.state()).as("active low, off").isEqualTo(DigitalState.HIGH);
            assertThat(mock.isOpen(27)).as("silence button").isTrue();

            String status = RunFile.read(RunFile.beside(config.storage().path())).statusUrl();
            HttpClient http = HttpClient.newHttpClient();
            String token = ApiToken.read(ApiToken.fileOf(config));
            assertThat(post(http, status + "/api/ack/flood", token).statusCode()).as("no active alarm").isEqualTo(409);
            assertThat(post(http, status + "/api/ack/nope", token).statusCode()).isEqualTo(404);
            assertThat(post(http, status + "/api/ack/flood", "wrong-" + token).statusCode()).isEqualTo(401);
        } finally {
            runtime.close();
        }

        assertThat(mock.output(17)).as("released at stop").isNull();
        assertThat(siren.state()).isEqualTo(DigitalState.LOW);
        assertThat(relay.state()).isEqualTo(DigitalState.HIGH);
        assertThat(mock.isOpen(27)).isFalse();
    }

    @Test
    void fieldgateAckSilencesTheSirenAndItSoundsAgainAfterResoundWhileTheAlarmLasts() throws Exception {
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, """
                gateway: { id: gw-resound }
                local_broker: { enabled: true, bind: "127.0.0.1:0" }
                storage: { path: data/store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                sensors:
                  - id: wl1
                    driver: sim-water-level
                    every: 1s
                    scenario: { seed: 7, start_m: 10.0, peak_m: 10.2, time_to_peak: 1h, duration: 2h, noise_m: 0.01 }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 } ]
                    actions: [ siren ]
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                    resound: 2s
                """);
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());

        GatewayRuntime runtime = GatewayRuntime.start(config, "test", Pi4jGpio.over(mock.context()));
        try {
            Path token = dir.resolve("data/api.token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
            Await.until("the flood alarm sounds the siren", () -> mock.output(17).state() == DigitalState.HIGH);

            StringWriter err = new StringWriter();
            CommandLine cli = FieldgateCli.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            long acked = System.nanoTime(); // the silence starts after this
            assertThat(cli.execute("ack", "flood", "--config", yaml.toString())).as("stderr: %s", err).isEqualTo(0);
            Await.until("silenced", () -> mock.output(17).state() == DigitalState.LOW);

            Await.until("sounds again after resound", () -> mock.output(17).state() == DigitalState.HIGH);
            assertThat(Duration.ofNanos(System.nanoTime() - acked)).as("not before resound")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            runtime.close();
        }
    }

    @Test
    void aCrewTestsTheSirenFromThePageWithThePinAndCentralSeesWhoDidIt() throws Exception {
        Files.writeString(dir.resolve("crew.pin"), CrewPin.hashLine("482913") + "\n");
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, """
                gateway: { id: gw-test }
                local_broker: { enabled: true, bind: "127.0.0.1:0" }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" }, crew_pin_file: crew.pin }
                sensors:
                  - { id: wl1, driver: test-level, scenario: { peak_m: 5 } }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 } ]
                    actions: [ siren ]
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                """);
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());

        GatewayRuntime runtime = GatewayRuntime.start(config, "test", Pi4jGpio.over(mock.context()));
        RunFile run = RunFile.read(RunFile.beside(config.storage().path()));
        try (MqttRecorder actions = MqttRecorder.subscribe(run.brokerUrl(), "ews/gw-test/action/#")) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.LOW);

            HttpResponse<String> wrong = crewTest(http, run.statusUrl(), "111111");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.LOW);

            long asked = System.nanoTime();
            HttpResponse<String> ok = crewTest(http, run.statusUrl(), "482913");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            Await.until("the siren sounds", () -> mock.output(17).state() == DigitalState.HIGH);
            JsonNode outputs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(run.statusUrl() + "/api/status"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).path("outputs");
            assertThat(outputs.get(0).path("id").asText()).isEqualTo("siren");
            assertThat(outputs.get(0).path("testing").asBoolean()).isTrue();
            assertThat(outputs.get(0).path("state").asText()).isEqualTo("on");

            Await.until("the test ends", () -> mock.output(17).state() == DigitalState.LOW);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isBetween(OutputTester.LENGTH.minusMillis(100),
                    OutputTester.LENGTH.plusSeconds(2));

            Await.until("the test is published", () -> !actions.messages().isEmpty());
            JsonNode published = JSON.readTree(actions.messages().get(0).payload());
            assertThat(actions.messages().get(0).topic()).isEqualTo("ews/gw-test/action/siren");
            assertThat(published.path("action").asText()).isEqualTo("test");
            assertThat(published.path("by").asText()).isEqualTo("local-page");
            assertThat(published.path("seq").asLong()).isPositive();
            assertThat(actions.messages()).as("the wrong PIN did nothing").hasSize(1);
        } finally {
            runtime.close();
        }
    }

    private static HttpResponse<String> crewTest(HttpClient http, String status, String pin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(status + "/api/crew/test/siren"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"" + pin + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
