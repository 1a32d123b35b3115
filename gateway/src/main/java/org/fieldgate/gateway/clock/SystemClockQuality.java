package org.fieldgate.gateway.clock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway decides that its clock is right (documented in {@code docs/storage.md}, "Time
 * quality"):
 * <ol>
 * <li>A time before {@link #FLOOR} is never right: that is a board without a real-time clock that
 * booted in 1970 (or a fake-hwclock save from before this release existed).</li>
 * <li>Where systemd-timesyncd runs ({@code /run/systemd/timesync/} exists), the clock is right once
 * timesyncd has synchronised it: it then creates {@code /run/systemd/timesync/synchronized}.</li>
 * <li>Where no time-sync service can be asked, a plausible time (after the floor) is taken as right.</li>
 * </ol>
 * Once known good, the clock stays known good for the life of the process (a later loss of NTP does
 * not make a disciplined clock wrong).
 */
public final class SystemClockQuality implements ClockQuality {

    private static final Logger LOG = LoggerFactory.getLogger(SystemClockQuality.class);

    /** No reading of this release can be older than this. */
    public static final Instant FLOOR = Instant.parse("2026-01-01T00:00:00Z");

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Clock clock;
    private final Path timesyncDir;
    private volatile boolean good;
    private volatile String reason = "not checked yet";
    private volatile long checkedAt;

    public SystemClockQuality(Clock clock, Path timesyncDir) {
        this.clock = clock;
        this.timesyncDir = timesyncDir;
        check();
    }

    /** The machine's own clock and systemd-timesyncd's run folder. */
    public static SystemClockQuality system() {
        return new SystemClockQuality(Clock.systemUTC(), Path.of("/run/systemd/timesync"));
    }

    @Override
    public boolean knownGood() {
        if (!good && System.nanoTime() - checkedAt > RECHECK_NANOS) {
            check();
        }
        return good;
    }

    @Override
    public String reason() {
        return reason;
    }

    private synchronized void check() {
        checkedAt = System.nanoTime();
        if (good) {
            return;
        }
        Instant now = clock.instant();
        String why;
        boolean ok;
        if (now.isBefore(FLOOR)) {
            ok = false;
            why = "clock reads " + now + ", before " + FLOOR + ": no real-time clock and not synchronised yet";
        } else if (Files.isDirectory(timesyncDir)) {
            ok = Files.exists(timesyncDir.resolve("synchronized"));
            why = ok ? "synchronised by systemd-timesyncd" : "waiting for systemd-timesyncd to synchronise the clock";
        } else {
            ok = true;
            why = "plausible time, no time-sync service to ask";
        }
        if (ok) {
            LOG.info("clock known good: {}", why);
        } else if (!why.equals(reason)) {
            LOG.warn("clock not known good: {}; readings are marked unsynced", why);
        }
        reason = why;
        good = ok;
    }
}
