package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uplink.commands}: trusted keys checked as keys, bounds named, the lab switch and a deaf uplink warned about. */
class CommandsConfigTest {

    @TempDir
    Path dir;

    private Path write(String commands, String mqtt) throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, """
                gateway: { id: gw-1 }
                uplink:
                  mqtt: %s
                  commands: %s
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors:
                  - { id: wl1, driver: sim-water-level }
                """.formatted(mqtt, commands));
        return file;
    }

    @Test
    void trustedKeysLoadWithTheDefaults() throws Exception {
        Files.writeString(dir.resolve("ops.pub"), Ed25519Pem.publicPem(Ed25519Pem.generate().getPublic()));
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(write("{ trust: [ ops.pub ] }",
                "{ servers: [\"tcp://127.0.0.1:1883\"] }"), DriverRegistry.load());
        UplinkSection.Commands c = loaded.config().uplink().commands();
        assertThat(c.enabled()).isTrue();
        assertThat(c.trust()).containsExactly(dir.resolve("ops.pub"));
        assertThat(c.maxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.probation()).isEqualTo(Duration.ofMinutes(2));
        assertThat(loaded.warnings()).isEmpty();
        assertThat(ConfigFiles.schemaProblems(dir.resolve("gw.yaml"))).isEmpty();
    }

    @Test
    void everyBadKeyIsNamed() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("rsa.pub"), "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAK\n-----END PUBLIC KEY-----\n");
        assertThat(ConfigLoader.check(write("{ trust: [ gone.pub, cert.pem, rsa.pub ], max_age: 2h, probation: 1s, sign: yes }",
                "{ servers: [\"tcp://127.0.0.1:1883\"] }"), DriverRegistry.load()))
                .extracting(Object::toString).containsExactlyInAnyOrder(
                        "uplink.commands.trust[0]: no such file: " + dir.resolve("gone.pub") + " (line 4)",
                        "uplink.commands.trust[1]: " + dir.resolve("cert.pem") + ": no '-----BEGIN PUBLIC KEY-----' block (line 4)",
                        "uplink.commands.trust[2]: " + dir.resolve("rsa.pub") + ": not an Ed25519 public key (write one with:"
                                + " openssl pkey -in KEY -pubout) (line 4)",
                        "uplink.commands.max_age: at most 1h: a signed command must not stay usable for long, got 2h (line 4)",
                        "uplink.commands.probation: from 5s to 1h, got 1s (line 4)",
                        "uplink.commands.sign: unknown key (known here: trust, allow_unsigned, max_age, probation) (line 4)");
    }

    @Test
    void theLabSwitchAndAnUplinkThatCannotHearCommandsAreWarnedAbout() throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(write("{ allow_unsigned: true }", "{ }"),
                DriverRegistry.load());
        assertThat(loaded.config().uplink().commands().enabled()).isTrue();
        assertThat(loaded.warnings()).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("uplink.commands.allow_unsigned", "uplink.commands");
        assertThat(loaded.warnings().toString()).contains("LAB ONLY").contains("embedded local broker");
    }
}
