package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldgate probe} against an emulated {@code test-line} sensor on a socat pty pair. */
class ProbeCommandIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicBoolean emulating = new AtomicBoolean(true);
    private Thread emulator;

    @AfterEach
    void stopEmulator() throws InterruptedException {
        emulating.set(false);
        if (emulator != null) {
            emulator.join(5_000);
        }
    }

    private int probe(String... args) {
        CommandLine cli = FieldgateCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private String lastLine() {
        var lines = out.toString().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Writes what {@code next} gives every 100 ms to the device end until the test ends. */
    private void emulate(PtyPair pty, java.util.function.Supplier<byte[]> next) throws Exception {
        ByteLink device = pty.openDevice();
        emulator = new Thread(() -> {
            try (device) {
                while (emulating.get()) {
                    device.write(next.get());
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // the pty went away with the test
            }
        }, "emulator");
        emulator.start();
    }

    @Test
    void aTalkingSensorGivesReadingsAndOk() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            emulate(pty, () -> "R1234\r".getBytes(StandardCharsets.US_ASCII));

            int code = probe("--driver", "test-line", "--serial", pty.gatewayPort().toString(), "--baud", "9600",
                    "--every", "200ms", "--count", "3", "--duration", "20s");

            assertThat(code).as(out.toString() + err).isZero();
            assertThat(out.toString().lines()).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  distance_m=1\\.234 m \\(ok\\)"));
            assertThat(lastLine()).isEqualTo("OK: 3 readings");
            assertThat(out.toString()).contains("counters: state=").contains("frames=");
        }
    }

    @Test
    void bytesWithoutAValidFrameMeanWrongBaudOrWiring() throws Exception {
        Random random = new Random(7);
        try (PtyPair pty = PtyPair.open(dir)) {
            // what a sensor at another baud rate looks like: bytes, never an 'R' followed by a frame
            emulate(pty, () -> {
                byte[] garbage = new byte[16];
                random.nextBytes(garbage);
                for (int i = 0; i < garbage.length; i++) {
                    if (garbage[i] == 'R') {
                        garbage[i] = 0x00;
                    }
                }
                return garbage;
            });

            int code = probe("--driver", "test-line", "--serial", pty.gatewayPort().toString(), "--baud", "115200",
                    "--every", "200ms", "--duration", "3s");

            assertThat(code).isEqualTo(1);
            assertThat(lastLine()).isEqualTo("NO VALID FRAMES: bytes arrive but nothing "
                    + "decodes — wrong baud rate, wrong wiring (A/B swapped) or not a test-line sensor");
        }
    }

    @Test
    void aSilentSensorIsNoData() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            int code = probe("--driver", "test-line", "--serial", pty.gatewayPort().toString(),
                    "--every", "200ms", "--duration", "2s");

            assertThat(code).isEqualTo(1);
            assertThat(lastLine()).isEqualTo("NO DATA: nothing received from "
                    + pty.gatewayPort() + " — check power, wiring, port");
            assertThat(out.toString()).contains("bytes=0");
        }
    }

    @Test
    void aMissingPortCannotBeOpened() {
        Path missing = dir.resolve("ttyUSB7");

        int code = probe("--driver", "test-line", "--serial", missing.toString(), "--duration", "20s");

        assertThat(code).isEqualTo(1);
        assertThat(lastLine()).isEqualTo("CANNOT OPEN: " + missing + ": no such device");
    }

    @Test
    void aSensorBehindASerialDeviceServerGivesReadings() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            emulator = new Thread(() -> {
                try (java.net.Socket device = server.accept()) {
                    while (emulating.get()) {
                        device.getOutputStream().write("R0987\r".getBytes(StandardCharsets.US_ASCII));
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // the probe hung up
                }
            }, "device-server");
            emulator.start();

            int code = probe("--driver", "test-line", "--tcp", "127.0.0.1:" + server.getLocalPort(),
                    "--every", "200ms", "--count", "2", "--set", "calibration.offset_m=0.5");

            assertThat(code).as(out.toString() + err).isZero();
            assertThat(out.toString()).contains("probing test-line on 127.0.0.1:" + server.getLocalPort())
                    .contains("distance_m=1.487 m (ok)");
            assertThat(lastLine()).isEqualTo("OK: 2 readings");
        }
    }

    @Test
    void aRefusedTcpConnectionCannotBeOpened() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }

        int code = probe("--driver", "test-line", "--tcp", "127.0.0.1:" + port, "--duration", "20s");

        assertThat(code).isEqualTo(1);
        assertThat(lastLine()).startsWith("CANNOT OPEN: tcp 127.0.0.1:" + port + ": ")
                .containsIgnoringCase("refused");
    }
}
