package org.fieldgate.drivers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.SerialSettings;

/**
 * A real pseudo-terminal pair made by {@code socat} (as jssc's own tests do): the gateway opens
 * {@link #gatewayPort()}, the test's device emulator opens {@link #devicePort()}; bytes written to
 * one come out of the other. {@link #vanish()} kills socat, so both device nodes disappear as when a
 * USB adapter is pulled; {@link #restore()} brings them back under the same names.
 * Tests are skipped when socat is not installed.
 */
public final class PtyPair implements AutoCloseable {

    private final Path dir;
    private final Path gatewayPort;
    private final Path devicePort;
    private Process socat;

    private PtyPair(Path dir) {
        this.dir = dir;
        this.gatewayPort = dir.resolve("gateway-tty");
        this.devicePort = dir.resolve("device-tty");
    }

    /** Makes the pair in {@code dir} (a test's temp folder) and waits until both ends exist. */
    public static PtyPair open(Path dir) {
        RequiredTool.require(socatPath() != null, "socat is not installed (apt-get install socat)");
        PtyPair pair = new PtyPair(dir);
        pair.restore();
        return pair;
    }

    private static String socatPath() {
        for (String p : new String[] {"/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** The end the driver under test opens. */
    public Path gatewayPort() {
        return gatewayPort;
    }

    /** The end the device emulator opens. */
    public Path devicePort() {
        return devicePort;
    }

    /** Opens the device end as a serial link (the emulator's side). */
    public ByteLink openDevice() throws IOException {
        ByteLink link = ByteLinks.serial(new SerialSettings(devicePort.toString(), 9600, 8, "none", 1));
        link.open();
        return link;
    }

    /** Kills socat: both device nodes vanish, an open port reads as broken. */
    public synchronized void vanish() {
        if (socat != null) {
            socat.destroyForcibly();
            try {
                socat.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socat = null;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((Files.exists(gatewayPort) || Files.exists(devicePort)) && System.nanoTime() < end) {
            sleep(10);
        }
    }

    /** Starts socat (again) and waits until both links exist. */
    public synchronized void restore() {
        if (socat != null) {
            return;
        }
        try {
            socat = new ProcessBuilder(socatPath(), "-d",
                    "pty,rawer,echo=0,link=" + gatewayPort, "pty,rawer,echo=0,link=" + devicePort)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start socat", e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(gatewayPort) && Files.exists(devicePort))) {
            if (System.nanoTime() > end || !socat.isAlive()) {
                throw new IllegalStateException("socat did not create " + gatewayPort + " and " + devicePort);
            }
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        vanish();
    }
}
