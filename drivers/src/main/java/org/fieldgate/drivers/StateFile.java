package org.fieldgate.drivers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small {@code key=value} file in a sensor's {@link DriverContext#stateDir() state folder} (a rain
 * total, an accelerometer's offsets). Written atomically (temp file, fsync, rename, fsync of the
 * folder): a power cut leaves the old file or the new one, never half a file.
 */
public final class StateFile {

    private StateFile() {
    }

    /** Writes {@code text} to {@code file} atomically; throws when it could not (the old file stays). */
    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
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

    /**
     * The keys of {@code key=value} lines; blank lines and {@code #} comments are skipped.
     *
     * @throws IllegalArgumentException naming a line that is not {@code key=value}
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
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
        return keys;
    }

    /** Moves an unreadable {@code file} to {@code <name>.corrupt}; says where it went, for the log. */
    public static String moveAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return "moved to " + aside;
        } catch (IOException | RuntimeException m) {
            return "could not be moved aside: " + m.getMessage();
        }
    }
}
