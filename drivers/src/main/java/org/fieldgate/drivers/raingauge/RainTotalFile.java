package org.fieldgate.drivers.raingauge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fieldgate.drivers.StateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge's running total in the sensor's state folder, so that {@code rain_total_mm} survives a
 * restart. Written atomically ({@link StateFile}): a power cut leaves the old total or the new one,
 * never half a file. A corrupt or unreadable file is moved aside
 * ({@code .corrupt}) with a warning and the total starts again from 0; it never stops the sensor.
 *
 * <p>Format, one {@code key=value} a line: {@code rain_total_mm=12.4}, {@code saved=<epoch ms>}.
 */
final class RainTotalFile {

    static final String NAME = "rain-total.properties";
    private static final Logger log = LoggerFactory.getLogger(RainTotalFile.class);

    private final String sensorId;
    private final Path file;

    RainTotalFile(String sensorId, Path stateDir) {
        this.sensorId = sensorId;
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /** The saved total, or 0 when there is none or it cannot be read. */
    double load() {
        if (!Files.exists(file)) {
            log.info("sensor {}: no saved rain total in {}, starting from 0 mm", sensorId, file);
            return 0;
        }
        try {
            double total = parse(Files.readString(file, StandardCharsets.UTF_8));
            log.info("sensor {}: rain total {} mm read from {}", sensorId, total, file);
            return total;
        } catch (IOException | RuntimeException e) {
            log.warn("sensor {}: rain total file {} is unreadable or corrupt ({}); {}; rain_total_mm starts again"
                    + " from 0", sensorId, file, e.getMessage(), StateFile.moveAside(file));
            return 0;
        }
    }

    /** Writes {@code totalMm} atomically; throws when it could not (the old file stays). */
    void save(double totalMm, long savedEpochMs) throws IOException {
        StateFile.write(file, "# rain gauge " + sensorId + ": running total since install (fieldgate rain-gauge)\n"
                + "rain_total_mm=" + totalMm + "\n"
                + "saved=" + savedEpochMs + "\n");
    }

    static double parse(String text) {
        Map<String, String> keys = StateFile.parse(text);
        String v = keys.get("rain_total_mm");
        if (v == null) {
            throw new IllegalArgumentException("no rain_total_mm");
        }
        double total;
        try {
            total = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rain_total_mm '" + v + "' is not a number");
        }
        if (!Double.isFinite(total) || total < 0) {
            throw new IllegalArgumentException("rain_total_mm " + v + " is not a rain total");
        }
        return total;
    }
}
