package org.fieldgate.provisioning.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.gateway.cli.ProbeVerdict;
import org.fieldgate.gateway.cli.SensorProbe;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.SensorConfig;

/**
 * One line per sensor: it gives a valid reading. While the gateway runs it holds the ports, so its
 * status is asked; otherwise each sensor is opened with the probe code ({@link SensorProbe}), all
 * at once, each for {@code listen} or two of its periods, whichever is longer.
 */
final class SensorChecks {

    private static final String PORTS_FIX = "check the port (fieldgate-provision ports), its udev name and that "
            + "the fieldgate user is in the port's group (dialout); then fieldgate-provision probe";

    private SensorChecks() {
    }

    /** From the running gateway's {@code /api/status}. */
    static List<Check> fromStatus(JsonNode status, long nowMs) {
        List<Check> checks = new ArrayList<>();
        for (JsonNode s : status.path("sensors")) {
            String name = "sensor " + s.path("id").asText();
            String state = s.path("state").asText();
            String last = lastValues(s.path("last"));
            if (state.equals("ok") && s.path("last_t").isNumber()) {
                long age = Math.max(0, (nowMs - s.path("last_t").asLong()) / 1000);
                checks.add(Check.pass(name, "ok, " + age + " s ago: " + last));
                continue;
            }
            checks.add(Check.fail(name, state + (last.isEmpty() ? ", no reading yet" : ", last: " + last),
                    switch (state) {
                        case "starting" -> "no valid reading yet: check wiring and baud rate; " + PORTS_FIX;
                        case "silent" -> "readings stopped: check the sensor's power and cable";
                        case "fault" -> "the link does not open: " + PORTS_FIX;
                        default -> "see fieldgate status and the gateway's log (journalctl -u fieldgate)";
                    }));
        }
        return checks;
    }

    /** By opening every sensor with its driver, in parallel. */
    static List<Check> byProbing(FieldgateConfig config, Duration listen) {
        List<SensorConfig> sensors = config.sensors();
        if (sensors.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(sensors.size(), r -> {
            Thread t = new Thread(r, "selftest-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Check>> running = new ArrayList<>();
            for (SensorConfig s : sensors) {
                running.add(pool.submit(() -> probe(s, listen)));
            }
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < sensors.size(); i++) {
                try {
                    checks.add(running.get(i).get());
                } catch (ExecutionException e) {
                    checks.add(Check.fail("sensor " + sensors.get(i).id(), "the driver failed: " + e.getCause(),
                            "report this with the gateway's log"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    checks.add(Check.fail("sensor " + sensors.get(i).id(), "interrupted", "run the selftest again"));
                }
            }
            return checks;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Check probe(SensorConfig sensor, Duration listen) {
        String name = "sensor " + sensor.id();
        Duration twoPeriods = sensor.every().multipliedBy(2);
        Duration time = twoPeriods.compareTo(listen) > 0 ? twoPeriods : listen;
        ProbeVerdict verdict;
        try {
            verdict = SensorProbe.listen(sensor, sensor.driver() + " sensor " + sensor.id(), time, 1,
                    new PrintWriter(Writer.nullWriter()));
        } catch (IOException e) {
            return Check.fail(name, e.getMessage(), "check that the temporary folder is writable");
        }
        if (verdict.exitCode() == 0) {
            return Check.pass(name, verdict.text());
        }
        boolean cannotOpen = verdict.text().startsWith("CANNOT OPEN");
        return Check.fail(name, verdict.text() + (cannotOpen ? "" : " (listened " + DurationText.format(time) + ")"),
                cannotOpen || verdict.text().startsWith("NO DATA") ? PORTS_FIX
                        : "check the sensor's settings in the config against its manual; fieldgate-provision probe "
                        + "shows what arrives");
    }

    private static String lastValues(JsonNode last) {
        StringBuilder out = new StringBuilder();
        for (JsonNode c : last) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(c.path("ch").asText()).append('=').append(c.path("val").asText());
            if (!"ok".equals(c.path("q").asText())) {
                out.append(" (").append(c.path("q").asText()).append(')');
            }
        }
        return out.toString();
    }
}
