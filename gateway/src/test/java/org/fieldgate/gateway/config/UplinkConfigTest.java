package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink keys that would send secrets in clear or silently leave TLS settings unused. */
class UplinkConfigTest {

    @TempDir
    Path dir;

    private List<ConfigProblem> check(String mqtt) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.writeString(dir.resolve("gw.crt"), "x");
        Files.writeString(dir.resolve("gw.key"), "x");
        Files.writeString(dir.resolve("mqtt.pass"), "secret\n");
        Path file = Files.writeString(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                uplink:
                  mqtt:
                """ + mqtt.indent(4) + """
                storage: { path: store.db }
                """);
        return ConfigLoader.check(file, DriverRegistry.load());
    }

    @Test
    void aRecordBuiltInCodeGetsTheSameDefaultsAsTheReader() {
        UplinkSection.Mqtt built = new UplinkSection.Mqtt(List.of("tcp://127.0.0.1:1883"), null, null, null, null,
                null, null, null, 0);
        assertThat(built.topicRoot()).isEqualTo("ews");
        assertThat(built.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(built.health()).isEqualTo(Duration.ofMinutes(1));
        assertThat(built.maxInflight()).isEqualTo(256);
        assertThat(built.clientIdFor("gw1")).isEqualTo("fieldgate-gw1");
        assertThat(new UplinkSection.Mqtt(List.of(), "net", null, null, null, "me", null, null, 8).clientIdFor("gw1"))
                .isEqualTo("me");
    }

    @Test
    void tlsWithATcpServerIsAnErrorOnThatServer() throws IOException {
        assertThat(check("""
                servers: ["tcp://broker.example:1883"]
                tls: { ca: ca.pem }
                """)).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("uplink.mqtt.servers[0]");
                    assertThat(p.message()).contains("plain text", "tls", "ssl://broker.example");
                });
    }

    @Test
    void aPasswordOverTcpToAnotherMachineIsAnError() throws IOException {
        assertThat(check("""
                servers: ["tcp://broker.example:1883"]
                username: gw-1
                password_file: mqtt.pass
                """)).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("uplink.mqtt.servers[0]");
                    assertThat(p.message()).contains("password", "clear text", "ssl://broker.example");
                });
    }

    @Test
    void aPasswordOverTcpToLoopbackIsAllowed() throws IOException {
        assertThat(check("""
                servers: ["tcp://127.0.0.1:1883", "tcp://localhost:1884", "tcp://[::1]:1885"]
                username: gw-1
                password_file: mqtt.pass
                """)).isEmpty();
    }

    @Test
    void aPasswordOverSslIsAllowed() throws IOException {
        assertThat(check("""
                servers: ["ssl://broker.example:8883"]
                username: gw-1
                password_file: mqtt.pass
                """)).isEmpty();
    }

    @Test
    void aClientCertificateWithoutCaIsAnErrorNamingTlsCa() throws IOException {
        assertThat(check("""
                servers: ["ssl://broker.example:8883"]
                tls: { cert: gw.crt, key: gw.key }
                """)).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("uplink.mqtt.tls.ca");
                    assertThat(p.message()).contains("required");
                });
    }
}
