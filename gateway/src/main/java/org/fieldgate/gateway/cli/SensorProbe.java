package org.fieldgate.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.gateway.config.SensorConfig;

/**
 * Opens one sensor with the driver code the gateway runs, listens for a while and judges what came
 * ({@link ProbeVerdict}): the core of {@code fieldgate probe} and of the sensor lines of
 * {@code fieldgate-provision selftest}. The driver gets a scratch state folder, deleted afterwards;
 * Ctrl-C during the listen releases the port.
 */
public final class SensorProbe {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration COUNTERS_EVERY = Duration.ofSeconds(1);

    private SensorProbe() {
    }

    /**
     * Listens to {@code sensor} for {@code listen} or until {@code count} deliveries (null: no
     * count), printing each delivery and each change of the driver's counters to {@code out}.
     *
     * @param where the port, address or pin, for the verdict's words
     * @throws IOException when no scratch folder can be made for the driver
     */
    public static ProbeVerdict listen(SensorConfig sensor, String where, Duration listen, Integer count,
                                      PrintWriter out) throws IOException {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("fieldgate-probe-");
        } catch (IOException e) {
            throw new IOException("cannot make a scratch folder for the driver in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        try {
            return listen(sensor, where, listen, count, stateDir, out);
        } finally {
            deleteTree(stateDir);
        }
    }

    private static ProbeVerdict listen(SensorConfig sensor, String where, Duration listen, Integer count,
                                       Path stateDir, PrintWriter out) {
        Driver d = create(sensor.factory(), sensor.driverConfig(),
                new DriverContext("probe", sensor.every(), Clock.systemUTC(), stateDir));
        ReadingPrinter printer = new ReadingPrinter(out, sensor.channels(), ZoneId.systemDefault());
        Thread hook = new Thread(d::close, "probe-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        String lastShown = "";
        try {
            d.start(printer);
            long end = System.nanoTime() + listen.toNanos();
            long nextCounters = System.nanoTime() + COUNTERS_EVERY.toNanos();
            while (System.nanoTime() < end && (count == null || printer.deliveries() < count)) {
                if (d instanceof LinkDriver l && !l.everOpened() && l.lastError() != null) {
                    break; // the first open failed: say so now rather than after the whole duration
                }
                sleep(POLL);
                if (System.nanoTime() >= nextCounters) {
                    nextCounters += COUNTERS_EVERY.toNanos();
                    String shown = countersLine(d);
                    if (!shown.equals(lastShown)) {
                        say(out, shown);
                        lastShown = shown;
                    }
                }
            }
        } finally {
            String last = countersLine(d);
            if (!last.equals(lastShown)) {
                say(out, last);
            }
            d.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is closing the driver already
            }
        }
        Map<String, Long> counters = d.counters();
        Boolean opened = d instanceof LinkDriver l ? l.everOpened() : null;
        String lastError = d instanceof LinkDriver l ? l.lastError() : null;
        return ProbeVerdict.of(printer.deliveries(), printer.suspect(), counters, opened, lastError,
                sensor.driver(), where);
    }

    private static String countersLine(Driver d) {
        StringBuilder line = new StringBuilder("counters: state=").append(d.state().wire());
        new TreeMap<>(d.counters()).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    @SuppressWarnings("unchecked")
    private static <C> Driver create(DriverFactory<C> factory, Object config, DriverContext context) {
        return factory.createValid(context, (C) config);
    }

    static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
