package org.fieldgate.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fieldgate.gateway.status.CrewPin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldgate crew-pin}: the PIN read twice from standard input, only its hash written. */
class CrewPinCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(UTF_8)));
        try {
            CommandLine cli = FieldgateCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setIn(before);
        }
    }

    private Path config(String status) throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, """
                gateway: { id: gw1 }
                uplink: { mqtt: { servers: ["tcp://127.0.0.1:1"] } }
                storage: { path: store.db }
                %s
                sensors: []
                """.formatted(status));
        return file;
    }

    @Test
    void writesTheHashOwnerOnlyAndTheGatewayReadsIt() throws Exception {
        Path config = config("status: { crew_pin_file: secrets/crew.pin }");
        assertThat(run("482913\n482913\n", "crew-pin", "--config", config.toString())).as(err.toString()).isZero();
        Path file = dir.resolve("secrets/crew.pin");
        assertThat(Files.readString(file)).startsWith("pbkdf2-sha256:").doesNotContain("482913");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CrewPin.load(file).matches("482913")).isTrue();
        assertThat(out.toString()).contains("restart the gateway");
    }

    @Test
    void differentOrMalformedPinsWriteNothing() throws Exception {
        Path config = config("status: { crew_pin_file: crew.pin }");
        assertThat(run("1234\n1235\n", "crew-pin", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("differ");
        assertThat(run("12\n12\n", "crew-pin", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("4 to 12 digits");
        assertThat(dir.resolve("crew.pin")).doesNotExist();
    }

    @Test
    void aConfigWithoutAPinFileIsAUsageError() throws Exception {
        Path config = config("");
        assertThat(run("1234\n1234\n", "crew-pin", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("status.crew_pin_file");
    }
}
