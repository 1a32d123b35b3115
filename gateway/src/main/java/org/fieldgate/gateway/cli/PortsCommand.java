package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate ports}: lists this machine's serial ports, stable {@code /dev/serial/by-id}
 * names first (the ones to put in a config), and which are held open by a process.
 */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = "Lists serial ports: /dev/serial/by-id names (use these in configs), then other serial devices.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ports found", "1:no serial port found"})
public final class PortsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The device and process folders; tests point them at fakes. */
    Path dev = Path.of("/dev");
    Path proc = Path.of("/proc");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<SerialPortScan.Port> ports = new SerialPortScan(dev, proc).scan();
        if (ports.isEmpty()) {
            out.println("no serial ports found in " + dev + ".");
            out.println("  USB adapter: plug it in, then `dmesg | tail` should name ttyUSB0 or ttyACM0 "
                    + "(and `lsusb` the chip: FTDI, CH340, CP210x).");
            out.println("  Raspberry Pi UART: enable it with `raspi-config` (Interface Options → Serial Port: "
                    + "login shell no, hardware yes) and reboot.");
            out.flush();
            return 1;
        }
        for (SerialPortScan.Port p : ports) {
            StringBuilder line = new StringBuilder(p.path().toString());
            if (p.target() != null) {
                line.append(" -> ").append(p.target());
            }
            if (!p.users().isEmpty()) {
                line.append("  (in use by ").append(String.join(", ", p.users())).append(')');
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
