package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Probe options and verdicts that need no port. */
class ProbeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int probe(String... args) {
        CommandLine cli = FieldgateCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private static ProbeCommand options(String... args) {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void optionsBecomeTheSensorEntryWithNestedSetKeysReadAsYaml() {
        ProbeCommand cmd = options("--driver", "test-line", "--serial", "/dev/ttyUSB0", "--baud", "19200",
                "--parity", "even", "--set", "calibration.offset_m=-0.25", "--set", "stage.datum_m=14.2",
                "--set", "stage.name=gauge 1", "--set", "flags.on=true", "--set", "list=[1, 2]");

        assertThat(cmd.entry().toString()).isEqualTo("{\"id\":\"probe\",\"driver\":\"test-line\",\"every\":\"1s\","
                + "\"serial\":{\"port\":\"/dev/ttyUSB0\",\"baud\":19200,\"parity\":\"even\"},"
                + "\"calibration\":{\"offset_m\":-0.25},\"stage\":{\"datum_m\":14.2,\"name\":\"gauge 1\"},\"flags\":{\"on\":true},"
                + "\"list\":[1,2]}");
    }

    @Test
    void tcpAndGpioBecomeTheirMappings() {
        assertThat(options("--driver", "x", "--tcp", "10.0.0.5:4001", "--baud", "19200").entry().get("tcp").toString())
                .isEqualTo("{\"host\":\"10.0.0.5\",\"port\":4001,\"baud\":19200}");
        assertThat(options("--driver", "x", "--gpio", "17").entry().get("gpio").toString()).isEqualTo("{\"pin\":17}");
    }

    @Test
    void anUnknownDriverListsTheKnownOnes() {
        assertThat(probe("--driver", "nope", "--serial", "/dev/ttyUSB0")).isEqualTo(2);
        assertThat(err.toString()).contains("driver: unknown driver 'nope' (known: ").contains("test-line");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDriverKeyErrorNamesTheKey() {
        assertThat(probe("--driver", "test-line", "--serial", "/dev/ttyUSB0", "--set", "serial.baud=fast")).isEqualTo(2);
        assertThat(err.toString()).contains("serial.baud: expected a whole number, got text 'fast'");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--serial", "/dev/ttyUSB0", "--parity", "mark")).isEqualTo(2);
        assertThat(err.toString()).contains("serial.parity: must be none, even or odd, got 'mark'");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--serial", "/dev/ttyUSB0", "--set", "calibration.ofset_m=1")).isEqualTo(2);
        assertThat(err.toString()).contains("calibration.ofset_m: unknown key; did you mean 'offset_m'?");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--serial", "/dev/ttyUSB0", "--set", "calibration.offset_m=11")).isEqualTo(2);
        assertThat(err.toString()).contains("calibration.offset_m: must be within ±10 m, got 11.0");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--gpio", "17")).isEqualTo(2);
        assertThat(err.toString()).contains("gpio: unknown key for driver test-line");
    }

    @Test
    void badOptionsExit2WithAClearMessage() {
        assertThat(probe("--driver", "test-line", "--serial", "/dev/a", "--tcp", "h:1")).isEqualTo(2);
        assertThat(err.toString()).contains("give one of --serial, --tcp or --gpio");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--tcp", "nohostport")).isEqualTo(2);
        assertThat(err.toString()).contains("--tcp: expected host:port");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--serial", "/dev/a", "--duration", "20")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration: ");

        err.getBuffer().setLength(0);
        assertThat(probe("--driver", "test-line", "--serial", "/dev/a", "--set", "novalue")).isEqualTo(2);
        assertThat(err.toString()).contains("--set: expected key=value");

        err.getBuffer().setLength(0);
        assertThat(probe("--serial", "/dev/a")).isEqualTo(2);
        assertThat(err.toString()).contains("--driver");
    }

    @Test
    void verdictsTellWhatToCheck() {
        Map<String, Long> none = Map.of("bytes", 0L, "frames", 0L);
        assertThat(ProbeVerdict.of(3, 0, Map.of("frames", 9L), true, null, "d", "/dev/x"))
                .isEqualTo(new ProbeVerdict("OK: 3 readings", 0));
        assertThat(ProbeVerdict.of(0, 0, Map.of("bytes", 120L, "frames", 0L), true, null, "pms5003", "/dev/x").text())
                .isEqualTo("NO VALID FRAMES: bytes arrive but nothing decodes — wrong baud rate, wrong wiring "
                        + "(A/B swapped) or not a pms5003 sensor");
        assertThat(ProbeVerdict.of(0, 0, Map.of("checksum_errors", 2L), true, null, "d", "/dev/x").exitCode()).isEqualTo(1);
        assertThat(ProbeVerdict.of(0, 0, none, true, null, "d", "/dev/x"))
                .isEqualTo(new ProbeVerdict("NO DATA: nothing received from /dev/x — check power, wiring, port", 1));
        assertThat(ProbeVerdict.of(0, 0, none, false, "/dev/x: no such device", "d", "/dev/x"))
                .isEqualTo(new ProbeVerdict("CANNOT OPEN: /dev/x: no such device", 1));
        assertThat(ProbeVerdict.of(0, 0, none, null, null, "gpio-rain", "GPIO 17").text()).startsWith("NO DATA");
    }
}
