package org.fieldgate.gateway.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.history.ReadingHistory;

/**
 * The SD-card writes of the crews' page history ({@link ReadingHistory}) for a site's scalar
 * channels: a day of readings (one a channel every 10 s; the files hold one line a channel and
 * minute whatever the rate) through the real history on a test clock, flushed every 10 minutes as
 * the gateway does. Between two flushes the day file is forced to disk, as the kernel's writeback
 * (after 30 s) has done on a gateway in the 10 minutes, so every flush dirties its pages afresh;
 * {@code write_bytes} of this thread counts them, as it counts the gateway's own.
 */
final class HistoryWrites {

    private static final long MINUTE = 60_000L;

    private HistoryWrites() {
    }

    /**
     * @param channels {@code {sensor, channel}} of every scalar channel of the site
     * @return the bytes a day of history makes the card write
     */
    static long bytesPerDay(Path dir, List<String[]> channels) throws IOException {
        AtomicLong now = new AtomicLong(1_795_996_800_000L); // a UTC midnight: one day file
        ReadingHistory history = new ReadingHistory(dir, 16L << 20, now::get);
        ReadingSink nowhere = new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
            }

            @Override
            public void waveform(WaveformPacket packet) {
            }
        };
        long dirtied = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            for (int tenth = 0; tenth < 6; tenth++) {
                long t = now.get() + tenth * 10_000L;
                for (String[] c : channels) {
                    double v = 9.0 + 0.001 * ((minute * 7 + tenth * 3 + c[1].length()) % 997);
                    history.recording(c[0], nowhere).readings(List.of(new Reading(c[1], t, v, Quality.OK)));
                }
            }
            now.addAndGet(MINUTE);
            if ((minute + 1) % 10 == 0) {
                ProcessIo before = ProcessIo.ofThisThread();
                history.flush();
                dirtied += ProcessIo.ofThisThread().minus(before).writeBytes();
                writeBack(dir);
            }
        }
        history.close();
        return dirtied;
    }

    private static void writeBack(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.csv")) {
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.force(false);
                }
            }
        }
    }
}
