package org.fieldgate.drivers.raingauge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge's running total in the sensor's state folder, so that {@code rain_total_mm} survives a
 * restart. Written atomically (temp file, fsync, rename, fsync of the folder): a power cut leaves
 * the old total or the new one, never half a file. A corrupt or unreadable file is moved aside
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
            Path aside = file.resolveSibling(NAME + ".corrupt");
            String moved;
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                moved = "moved to " + aside;
            } catch (IOException | RuntimeException m) {
                moved = "could not be moved aside: " + m.getMessage();
            }
            log.warn("sensor {}: rain total file {} is unreadable or corrupt ({}); {}; rain_total_mm starts again"
                    + " from 0", sensorId, file, e.getMessage(), moved);
            return 0;
        }
    }

    /** Writes {@code totalMm} atomically; throws when it could not (the old file stays). */
    void save(double totalMm, long savedEpochMs) throws IOException {
        Files.createDirectories(file.getParent());
        String text = "# rain gauge " + sensorId + ": running total since install (fieldgate rain-gauge)\n"
                + "rain_total_mm=" + totalMm + "\n"
                + "saved=" + savedEpochMs + "\n";
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.getParent());
    }

    /** Makes the rename itself durable; not every file system lets a folder be opened: best effort. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // the data file is fsynced; only the rename may be lost on a power cut
        }
    }

    static double parse(String text) {
        Map<String, String> keys = new HashMap<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line '" + l + "' is not key=value");
            }
            keys.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
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
