package org.fieldgate.gateway.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldgate.drivers.StateFile;

/**
 * The ids of the commands that passed the signature check, newest last, kept in a file next to the
 * store so that a command replayed after a restart is still refused. Bounded to {@link #MAX} ids
 * (with {@code t} checked against a 5-minute window, an id older than the newest {@code MAX} cannot be
 * replayed anyway; without a good clock, {@code MAX} commands is years of a site's traffic). Written
 * atomically before the command runs: a power cut can lose a command, never run one twice.
 */
public final class SeenCommandIds {

    static final int MAX = 10_000;

    private final Path file;
    private final int max;
    private final LinkedHashMap<String, Long> ids = new LinkedHashMap<>();

    private SeenCommandIds(Path file, int max) {
        this.file = file;
        this.max = max;
    }

    /** Loads the file (a missing one is empty; a damaged line is skipped). */
    public static SeenCommandIds open(Path file) throws IOException {
        return open(file, MAX);
    }

    /** As {@link #open(Path)}, keeping at most {@code max} ids (tests). */
    static SeenCommandIds open(Path file, int max) throws IOException {
        SeenCommandIds seen = new SeenCommandIds(file, max);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    try {
                        seen.ids.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
                    } catch (NumberFormatException e) {
                        // a damaged line: skip it
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // none yet
        }
        seen.trim();
        return seen;
    }

    /**
     * Records {@code id} (received at {@code t}); false when it was seen before. Persisted before
     * it returns true.
     *
     * @throws IOException when it cannot be persisted (the command must then not run)
     */
    public synchronized boolean firstTime(String id, long t) throws IOException {
        if (ids.containsKey(id)) {
            return false;
        }
        ids.put(id, t);
        trim();
        StringBuilder text = new StringBuilder(ids.size() * 32);
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            text.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        try {
            StateFile.write(file, text.toString());
        } catch (IOException e) {
            ids.remove(id);
            throw e;
        }
        return true;
    }

    public synchronized int size() {
        return ids.size();
    }

    private void trim() {
        Iterator<String> it = ids.keySet().iterator();
        while (ids.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
