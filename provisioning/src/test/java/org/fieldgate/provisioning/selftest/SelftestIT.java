package org.fieldgate.provisioning.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.runtime.GatewayRuntime;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.provisioning.ProvisionCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldgate-provision selftest} against a real mosquitto and emulated sensors, the gateway stopped or running. */
class SelftestIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private final MockGpio mock = new MockGpio();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        mock.close();
    }

    private Path site(String sensors, String extra) throws Exception {
        Path yaml = dir.resolve("fieldgate.yaml");
        Files.writeString(yaml, """
                gateway: { id: gw-self }
                uplink:
                  mqtt:
                    servers: [ "%s" ]
                storage: { path: store.db, max_size: 16MB }
                status: { http: { bind: "127.0.0.1:0" } }
                sensors:
                %s
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 } ]
                %s""".formatted(broker.url(), sensors, extra));
        assertThat(ConfigLoader.check(yaml, DriverRegistry.load())).isEmpty();
        return yaml;
    }

    private int selftest(String... args) {
        CommandLine cli = ProvisionCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "selftest";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void aSiteThatWorksPassesEveryLineAndExitsZero() throws Exception {
        broker = MosquittoBroker.started();
        Path yaml = site("  - { id: wl1, driver: sim-water-level, every: 1s }", "");
        try (MqttRecorder central = MqttRecorder.subscribe(broker.url(), "ews/gw-self/selftest")) {
            int code = selftest("--config", yaml.toString(), "--listen", "5s");
            String table = out.toString();
            System.out.println(table);
            assertThat(code).as(table + err).isEqualTo(0);
            assertThat(table).containsPattern("PASS +config ")
                    .containsPattern("PASS +rules +1 loaded: flood")
                    .containsPattern("PASS +clock")
                    .containsPattern("PASS +disk ")
                    .containsPattern("PASS +sensor wl1 +OK: 1 reading")
                    .containsPattern("PASS +broker TCP " + broker.url())
                    .containsPattern("PASS +publish and read back +ews/gw-self/selftest")
                    .contains("ALL PASSED")
                    .doesNotContain("FAIL");
            central.awaitCount("ews/gw-self/selftest", 1, Duration.ofSeconds(5));
            assertThat(central.messages().get(0).text()).contains("\"gw\":\"gw-self\"").contains("nonce");
        }
    }

    @Test
    void eachFailureSaysWhatToDoAndTheExitCodeIsOne() throws Exception {
        broker = MosquittoBroker.create(); // never started: nothing listens on its port
        Path yaml = site("  - { id: wl1, driver: maxbotix-hrxl, serial: { port: " + dir.resolve("no-such-tty")
                + " }, stage: { datum_m: 14 } }", "");
        int code = selftest("--config", yaml.toString(), "--listen", "2s", "--timeout", "2s");
        String table = out.toString();
        System.out.println(table);
        assertThat(code).isEqualTo(1);
        assertThat(table).containsPattern("FAIL +sensor wl1 +CANNOT OPEN")
                .containsPattern("FAIL +broker TCP " + broker.url() + " +ConnectException")
                .containsPattern("FAIL +publish and read back +no broker reachable")
                .contains("fix: check the port (fieldgate-provision ports)")
                .contains("fix: check the site's network")
                .contains("3 OF ");

        out.getBuffer().setLength(0);
        assertThat(selftest("--config", yaml.toString(), "--listen", "1s", "--timeout", "1s", "--json")).isEqualTo(1);
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("checks").findValuesAsText("result")).contains("pass", "fail");
        assertThat(json.path("checks").get(0).path("name").asText()).startsWith("config ");
        JsonNode sensor = null;
        for (JsonNode c : json.path("checks")) {
            if (c.path("name").asText().equals("sensor wl1")) {
                sensor = c;
            }
        }
        assertThat(sensor).isNotNull();
        assertThat(sensor.path("fix").asText()).contains("dialout");
    }

    @Test
    void anInvalidConfigIsOneFailedLineAndExitTwo() throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "gateway: { id: Not Valid }\n");
        assertThat(selftest("--config", yaml.toString())).isEqualTo(2);
        assertThat(out.toString()).containsPattern("FAIL +config " + yaml).contains("fix: fieldgate check");
    }

    @Test
    void whileTheGatewayRunsItAsksTheGatewayAndSoundsTheSirenThroughIt() throws Exception {
        broker = MosquittoBroker.started();
        Path yaml = site("  - { id: wl1, driver: sim-water-level, every: 1s, scenario: { start_m: 3, peak_m: 5 } }", """
                    actions: [ siren ]
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                """);
        GatewayRuntime gateway = GatewayRuntime.start(ConfigLoader.load(yaml, DriverRegistry.load()), "test",
                Pi4jGpio.over(mock.context()));
        try (MqttRecorder central = MqttRecorder.subscribe(broker.url(), "ews/gw-self/action/#")) {
            Await.until("a first reading", 20, () -> {
                out.getBuffer().setLength(0);
                selftest("--config", yaml.toString());
                return out.toString().contains("PASS  sensor wl1");
            }, out::toString);
            out.getBuffer().setLength(0);
            int code = selftest("--config", yaml.toString(), "--siren", "siren");
            String table = out.toString();
            System.out.println(table);
            assertThat(code).as(table).isEqualTo(0);
            assertThat(table).containsPattern("PASS +gateway +running \\(pid " + ProcessHandle.current().pid())
                    .containsPattern("PASS +store +kept by the running gateway")
                    .containsPattern("PASS +sensor wl1 +ok, \\d+ s ago: .*stage_m=")
                    .containsPattern("PASS +siren siren +on for 3 s");
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.HIGH);
            Await.until("the test ends", 10, () -> mock.output(17).state() == DigitalState.LOW);
            central.awaitCount("ews/gw-self/action/siren", 1, Duration.ofSeconds(10));
            assertThat(central.messages().get(0).text()).contains("\"by\":\"local-api:selftest\"");

            out.getBuffer().setLength(0);
            assertThat(selftest("--config", yaml.toString(), "--siren", "horn")).isEqualTo(1);
            assertThat(out.toString()).containsPattern("FAIL +siren horn +refused \\(404\\)")
                    .contains("use one of the config's outputs: siren");
        } finally {
            gateway.close();
        }
    }
}
