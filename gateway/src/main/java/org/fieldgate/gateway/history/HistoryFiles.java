package org.fieldgate.gateway.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The history's day files: {@code history/YYYY-MM-DD.csv} beside the store, one line per channel
 * and minute, appended without fsync (the history is for the eye; the readings themselves are in the
 * outbox). Days older than {@value #KEEP_DAYS} days go, and the oldest days go first while the files
 * are above the byte budget.
 */
final class HistoryFiles {

    static final int KEEP_DAYS = 8;
    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.csv");

    private final Path dir;
    private final long maxBytes;

    HistoryFiles(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    private static LocalDate day(long minute) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(minute * 60), ZoneOffset.UTC);
    }

    /** Appends minutes (in time order), then keeps the files within days and bytes. */
    void append(List<MinuteAggregate> minutes, long nowMs) throws IOException {
        if (minutes.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        TreeMap<LocalDate, StringBuilder> byDay = new TreeMap<>();
        for (MinuteAggregate m : minutes) {
            byDay.computeIfAbsent(day(m.minute()), d -> new StringBuilder()).append(m.line());
        }
        for (var e : byDay.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".csv"), e.getValue(), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        prune(LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
    }

    /** Every kept minute from {@code fromMinute} on that {@code wanted} accepts, in file order. */
    List<MinuteAggregate> read(long fromMinute, Predicate<MinuteAggregate> wanted) throws IOException {
        List<MinuteAggregate> out = new ArrayList<>();
        for (Path f : dayFiles()) {
            LocalDate d = LocalDate.parse(f.getFileName().toString().substring(0, 10));
            if (d.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) / 60 <= fromMinute) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.US_ASCII)) {
                for (String line; (line = in.readLine()) != null; ) {
                    MinuteAggregate m = MinuteAggregate.parse(line);
                    if (m != null && m.minute() >= fromMinute && wanted.test(m)) {
                        out.add(m);
                    }
                }
            } catch (NoSuchFileException e) {
                // pruned meanwhile
            }
        }
        return out;
    }

    /** The day files, oldest first. */
    private List<Path> dayFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (DAY_FILE.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private void prune(LocalDate today) throws IOException {
        List<Path> files = dayFiles();
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        for (Path f : files) {
            LocalDate d = LocalDate.parse(f.getFileName().toString().substring(0, 10));
            boolean tooOld = d.isBefore(today.minusDays(KEEP_DAYS - 1));
            boolean overBudget = total > maxBytes && !d.equals(today);
            if (tooOld || overBudget) {
                total -= Files.size(f);
                Files.deleteIfExists(f);
            }
        }
    }
}
