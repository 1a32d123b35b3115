package org.fieldgate.drivers.adxl355;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fieldgate.drivers.StateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last accepted offsets in the sensor's state folder, so that a restart during shaking (or an
 * aftershock sequence) reuses them instead of calibrating on an earthquake. Written atomically; an
 * unreadable file is moved aside ({@code .corrupt}) with a warning and counts as absent.
 *
 * <p>Format, one {@code key=value} a line: {@code x_ms2}, {@code y_ms2}, {@code z_ms2},
 * {@code measured=<epoch ms>}, {@code samples}.
 */
final class Adxl355OffsetFile {

    static final String NAME = "adxl355-offsets.properties";
    private static final Logger log = LoggerFactory.getLogger(Adxl355OffsetFile.class);

    private final String sensorId;
    private final Path file;

    Adxl355OffsetFile(String sensorId, Path stateDir) {
        this.sensorId = sensorId;
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    Optional<Adxl355Offsets> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            log.warn("sensor {}: offsets file {} is unreadable or corrupt ({}); {}", sensorId, file, e.getMessage(),
                    StateFile.moveAside(file));
            return Optional.empty();
        }
    }

    void save(Adxl355Offsets o) throws IOException {
        StateFile.write(file, "# adxl355 " + sensorId + ": offsets subtracted from each axis (fieldgate adxl355)\n"
                + "x_ms2=" + o.x() + "\n"
                + "y_ms2=" + o.y() + "\n"
                + "z_ms2=" + o.z() + "\n"
                + "measured=" + o.measured() + "\n"
                + "samples=" + o.samples() + "\n");
    }

    static Adxl355Offsets parse(String text) {
        Map<String, String> keys = StateFile.parse(text);
        return new Adxl355Offsets(number(keys, "x_ms2"), number(keys, "y_ms2"), number(keys, "z_ms2"),
                (long) number(keys, "measured"), (int) number(keys, "samples"));
    }

    private static double number(Map<String, String> keys, String key) {
        String v = keys.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a number");
        }
        if (!Double.isFinite(d) || Math.abs(d) > 1e15) {
            throw new IllegalArgumentException(key + " " + v + " is out of range");
        }
        return d;
    }
}
