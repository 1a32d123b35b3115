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
 * store so that a command replayed after a restart is still refused. Bounded to {@link #MAX} ids; the
 * latest {@code t} of those let go is kept as a floor, and a command signed at or before it is
 * refused as a replay too (so even without a good clock, where {@code t} is not judged, an old
 * command cannot come back). Written atomically before the command runs: a power cut can lose a
 * command, never run one twice.
 */
public final class SeenCommandIds {

    static final int MAX = 10_000;

    private final Path file;
    private final int max;
    private final LinkedHashMap<String, Long> ids = new LinkedHashMap<>();
    /** The latest {@code t} of the ids let go: an older command cannot be told from a replay, so it is one. */
    private long floor = Long.MIN_VALUE;

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
                if (line.startsWith(FLOOR)) {
                    try {
                        seen.floor = Long.parseLong(line.substring(FLOOR.length()).strip());
                    } catch (NumberFormatException e) {
                        // a damaged line: skip it
                    }
                } else if (sp > 0) {
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
        if (ids.containsKey(id) || t <= floor) {
            return false;
        }
        ids.put(id, t);
        trim();
        StringBuilder text = new StringBuilder(ids.size() * 32);
        if (floor != Long.MIN_VALUE) {
            text.append(FLOOR).append(floor).append('\n');
        }
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
        Iterator<Map.Entry<String, Long>> it = ids.entrySet().iterator();
        while (ids.size() > max && it.hasNext()) {
            floor = Math.max(floor, it.next().getValue());
            it.remove();
        }
    }

    /** The line that keeps {@link #floor}; no id has a space, so it is never an id's line. */
    private static final String FLOOR = "floor ";
}
