package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String... args) {
        CommandLine cli = new CommandLine(new CheckCommand());
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
}
