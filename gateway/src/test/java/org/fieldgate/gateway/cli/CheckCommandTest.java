package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Clock clock = Clock.systemUTC();

    private int check(String... args) {
        CheckCommand command = new CheckCommand();
        command.clock = clock;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validConfigPrintsOk() throws IOException {
        Path file = Files.writeString(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors: [ { id: wl1, driver: test-level, scenario: { peak_m: 2 } } ]
                rules: [ { id: flood, input: wl1.stage_m, levels: [ { name: BD1, above: 1.5 } ] } ]
                """);

        assertThat(check(file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("OK" + System.lineSeparator());
    }

    @Test
    void invalidConfigPrintsOneLinePerProblemAndExits2() throws IOException {
        Path file = Files.writeString(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db, max_size: huge }
                sensors:
                  - id: wl1
                    driver: test-level
                    evry: 10s
                    scenario: { peak_m: 2 }
                """);

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().lines()).containsExactly(
                "storage.max_size: bad size 'huge' (use 64KB, 512MB, 2GB or a number of bytes) (line 3)",
                "sensors[0].evry: unknown key; did you mean 'every'? (line 7)");
    }

    @Test
    void aLocalBrokerBeyondLoopbackWithoutPasswordFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true, bind: "0.0.0.0:1883" }
                storage: { path: store.db }
                sensors: [ { id: wl1, driver: test-level, scenario: { peak_m: 2 } } ]
                """);

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().lines()).singleElement().asString()
                .startsWith("local_broker.password_file: required when local_broker.bind (0.0.0.0:1883) is not a"
                        + " loopback address");
    }

    @Test
    void missingFileIsInvalid() {
        Path file = dir.resolve("none.yaml");

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().strip()).isEqualTo(file + ": file not found");
    }

    @Test
    void missingArgumentIsAUsageError() {
        assertThat(check()).isEqualTo(2);
        assertThat(err.toString()).contains("FILE");
    }

    /** A config with an ssl:// uplink and these tls/password lines; the PEM fixtures copied beside it, 0600. */
    private Path tlsConfig(String tls) throws IOException, URISyntaxException {
        for (String name : new String[] {"ca.pem", "client.pem", "client.key", "other.key"}) {
            Path copy = Files.copy(Path.of(getClass().getResource("/tls/" + name).toURI()), dir.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(dir.resolve("mqtt.pass"), "secret\n");
        Files.setPosixFilePermissions(dir.resolve("mqtt.pass"), PosixFilePermissions.fromString("rw-------"));
        return Files.writeString(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                uplink:
                  mqtt:
                    servers: ["ssl://broker.example:8883"]
                """ + tls.indent(4) + """
                storage: { path: store.db }
                """);
    }

    @Test
    void checksTheTlsFilesAsTheUplinkWillReadThem() throws Exception {
        Path file = tlsConfig("""
                tls: { ca: ca.pem, cert: client.pem, key: client.key }
                username: gw-1
                password_file: mqtt.pass
                """);

        assertThat(check(file.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).isEqualTo("OK" + System.lineSeparator());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsAnErrorNamingTheKey() throws Exception {
        Path file = tlsConfig("tls: { ca: ca.pem, cert: client.pem, key: other.key }");

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().lines()).singleElement().asString()
                .startsWith("uplink.mqtt.tls.key: " + dir.resolve("other.key") + " does not match the certificate");
    }

    @Test
    void tlsFilesThatAreNotPemAreErrorsEachNamed() throws Exception {
        Path file = tlsConfig("tls: { ca: mqtt.pass, cert: ca.pem, key: client.pem }");

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().lines()).anyMatch(l -> l.startsWith("uplink.mqtt.tls.ca: " + dir.resolve("mqtt.pass")
                + ": not a PEM file"))
                .anyMatch(l -> l.startsWith("uplink.mqtt.tls.key: " + dir.resolve("client.pem")
                        + ": no unencrypted PKCS#8"))
                .noneMatch(l -> l.equals("OK"));
    }

    @Test
    void anExpiredCertificateIsAnError() throws Exception {
        clock = Clock.fixed(Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC); // the fixtures end in 2126
        Path file = tlsConfig("tls: { ca: ca.pem, cert: client.pem, key: client.key }");

        assertThat(check(file.toString())).isEqualTo(2);
        assertThat(out.toString().lines())
                .anyMatch(l -> l.startsWith("uplink.mqtt.tls.ca: ") && l.contains("expired"))
                .anyMatch(l -> l.startsWith("uplink.mqtt.tls.cert: ") && l.contains("expired"));
    }

    @Test
    void secretsOthersCanReadAreWarnedAboutNamingKeyAndFile() throws Exception {
        Path file = tlsConfig("""
                tls: { ca: ca.pem, cert: client.pem, key: client.key }
                username: gw-1
                password_file: mqtt.pass
                """);
        Files.setPosixFilePermissions(dir.resolve("client.key"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(dir.resolve("mqtt.pass"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("ca.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(check(file.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "warning: uplink.mqtt.tls.key: " + dir.resolve("client.key") + " holds a secret but can be read by"
                        + " its group (rw-r-----): chmod 600 " + dir.resolve("client.key"),
                "warning: uplink.mqtt.password_file: " + dir.resolve("mqtt.pass") + " holds a secret but can be"
                        + " read by its group and all users (rw-r--r--): chmod 600 " + dir.resolve("mqtt.pass"),
                "OK");
    }
}
