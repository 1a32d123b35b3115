package org.fieldgate.provisioning.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.provisioning.ProvisionCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class InitCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ProvisionCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource({"water, maxbotix-hrxl, flood", "seismic, seismic-serial, quake", "air, pms5003, air",
        "sea-level, maxbotix-hrxl, tsunami"})
    void eachTemplateWithFlagsWritesAConfigThatPassesCheck(String template, String driver, String rule) throws Exception {
        Path file = dir.resolve(template + ".yaml");
        int code = run("init", "--template", template, "--id", "hn-longbien-01", "--site", "Long Biên gauge",
                "--lat", "21.0433", "--lon", "105.8601", "--broker", "ssl://hub.example.org:8883",
                "--port", "/dev/serial/by-id/usb-FTDI-A1", "--siren-pin", "17",
                "--store", dir.resolve("store.db").toString(), "--out", file.toString());

        assertThat(code).as("stderr: %s", err).isEqualTo(0);
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).isEmpty();
        FieldgateConfig config = ConfigLoader.load(file, DriverRegistry.load());
        assertThat(config.gateway().id()).isEqualTo("hn-longbien-01");
        assertThat(config.sensors()).singleElement().satisfies(s -> assertThat(s.driver()).isEqualTo(driver));
        assertThat(config.rules()).extracting(r -> r.id()).contains(rule);
        assertThat(config.outputs()).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo("siren"));
        assertThat(config.uplink().mqtt().servers()).containsExactly("ssl://hub.example.org:8883");
        assertThat(Files.readString(file)).contains("Long Biên gauge").contains("/dev/serial/by-id/usb-FTDI-A1");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(out.toString()).contains("passes fieldgate check").contains("fieldgate-provision identity");
    }

    @Test
    void aSiteWithoutBrokerRunsAloneAndPassesCheck() throws Exception {
        Path file = dir.resolve("alone.yaml");
        assertThat(run("init", "--template", "water", "--id", "gw-alone", "--store", dir.resolve("s.db").toString(),
                "--out", file.toString())).as("stderr: %s", err).isEqualTo(0);
        assertThat(ConfigLoader.load(file, DriverRegistry.load()).uplink().mqtt().servers()).isEmpty();
    }

    @Test
    void neverOverwritesWithoutForceAndKeepsTheOldFileWithIt() throws Exception {
        Path file = dir.resolve("fieldgate.yaml");
        Files.writeString(file, "# the technician's edits\n");
        assertThat(run("init", "--template", "water", "--id", "gw1", "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file.toString()).contains("--force");
        assertThat(Files.readString(file)).isEqualTo("# the technician's edits\n");

        assertThat(run("init", "--template", "water", "--id", "gw1", "--store", dir.resolve("s.db").toString(),
                "--out", file.toString(), "--force")).as("stderr: %s", err).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("fieldgate.yaml.old"))).isEqualTo("# the technician's edits\n");
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).isEmpty();
        assertThat(dir.resolve("fieldgate.yaml.new")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--id|Bad_ID|id",
        "--lat|95|latitude",
        "--broker|http://hub:80|broker",
        "--template|volcano|template",
        "--levels|11,10,12|levels",
        "--siren-pin|99|pin",
        "--ca|/no/such/ca.pem|ca file"})
    void aBadFlagIsRefusedNamingItAndWritesNothing(String flag, String value, String named) {
        Path file = dir.resolve("x.yaml");
        String[] base = {"init", "--template", "water", "--id", "gw1", "--out", file.toString()};
        List<String> args = new java.util.ArrayList<>(List.of(base));
        int at = args.indexOf(flag);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(flag, value));
        }
        assertThat(run(args.toArray(new String[0]))).isEqualTo(2);
        assertThat(err.toString().toLowerCase()).contains(named);
        assertThat(file).doesNotExist();
    }

    @Test
    void withoutFlagsOffATerminalItSaysWhatIsNeeded() {
        assertThat(run("init", "--out", dir.resolve("x.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--template").contains("--id");
    }

    @Test
    void onATerminalItAsksAgainAfterABadAnswerAndTakesDefaults() throws Exception {
        Path file = dir.resolve("asked.yaml");
        InitCommand init = new InitCommand();
        init.interactive = true;
        // kind, id (bad, then good), name (default), lat (-), brokers (-), port (default), datum, levels (bad, good), siren
        init.input = new BufferedReader(new StringReader(String.join("\n", "water", "Not OK", "gw-asked", "", "-", "-",
                "", "12.5", "11,10,12", "12.9,13.4,14.0", "-", "")));
        CommandLine cli = new CommandLine(init);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--out", file.toString(), "--store", dir.resolve("s.db").toString()))
                .as("out: %s err: %s", out, err).isEqualTo(0);
        FieldgateConfig config = ConfigLoader.load(file, DriverRegistry.load());
        assertThat(config.gateway().id()).isEqualTo("gw-asked");
        assertThat(Files.readString(file)).contains("datum_m: 12.5").contains("above: 12.9");
        assertThat(out.toString()).contains("Gateway id").contains("Flood levels");
    }
}
