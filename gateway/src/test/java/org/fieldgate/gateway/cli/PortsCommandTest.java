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

/** {@code fieldgate ports} over a fake /dev and /proc made of files and symbolic links. */
class PortsCommandTest {

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();

    private int ports(Path dev, Path proc) {
        PortsCommand cmd = new PortsCommand();
        cmd.dev = dev;
        cmd.proc = proc;
        CommandLine cli = new CommandLine(cmd);
        cli.setOut(new PrintWriter(out, true));
        return cli.execute();
    }

    @Test
    void listsByIdLinksThenAliasesThenOtherDevicesAndWhoHoldsThem() throws IOException {
        Path dev = Files.createDirectories(root.resolve("dev"));
        Path byId = Files.createDirectories(dev.resolve("serial/by-id"));
        for (String node : new String[] {"ttyUSB0", "ttyUSB1", "ttyUSB10", "ttyUSB2", "ttyACM0", "ttyAMA0", "ttyS0",
            "ttyS1", "tty0", "null"}) {
            Files.createFile(dev.resolve(node));
        }
        Files.createSymbolicLink(byId.resolve("usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"), Path.of("../../ttyUSB1"));
        Files.createSymbolicLink(byId.resolve("usb-1a86_USB_Serial-if00-port0"), Path.of("../../ttyUSB0"));
        Files.createSymbolicLink(byId.resolve("usb-gone-if00-port0"), Path.of("../../ttyUSB9")); // dangling
        Files.createSymbolicLink(dev.resolve("serial0"), Path.of("ttyAMA0"));
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path fd = Files.createDirectories(proc.resolve("812/fd"));
        Files.writeString(proc.resolve("812/comm"), "java\n");
        Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
        Files.createSymbolicLink(fd.resolve("7"), dev.resolve("ttyUSB1"));
        Files.createDirectories(proc.resolve("self")); // not a pid: ignored

        assertThat(ports(dev, proc)).isZero();

        Path real = dev.toRealPath();
        assertThat(out.toString().lines()).containsExactly(
                byId.resolve("usb-1a86_USB_Serial-if00-port0") + " -> " + real.resolve("ttyUSB0"),
                byId.resolve("usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0") + " -> " + real.resolve("ttyUSB1")
                        + "  (in use by 812 (java))",
                dev.resolve("serial0") + " -> " + real.resolve("ttyAMA0"),
                dev.resolve("ttyUSB2").toString(),
                dev.resolve("ttyUSB10").toString(),
                dev.resolve("ttyACM0").toString(),
                dev.resolve("ttyS0").toString());
    }

    @Test
    void noPortGivesAHint() throws IOException {
        Path dev = Files.createDirectories(root.resolve("dev"));
        Files.createFile(dev.resolve("tty0"));

        assertThat(ports(dev, root.resolve("no-proc"))).isEqualTo(1);
        assertThat(out.toString()).startsWith("no serial ports found in " + dev)
                .contains("dmesg").contains("raspi-config");
    }
}
