package org.fieldgate.gateway.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemClockQualityTest {

    @TempDir
    Path dir;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void aBootIn1970IsNeverKnownGood() {
        var q = new SystemClockQuality(at("1970-01-01T00:00:42Z"), dir.resolve("absent"));
        assertThat(q.knownGood()).isFalse();
        assertThat(q.reason()).contains("1970-01-01T00:00:42Z").contains("not synchronised");
    }

    @Test
    void withTimesyncdTheClockIsGoodOnceSynchronised() throws Exception {
        Path timesync = Files.createDirectories(dir.resolve("timesync"));
        var q = new SystemClockQuality(at("2026-11-23T04:00:00Z"), timesync);
        assertThat(q.knownGood()).isFalse();
        assertThat(q.reason()).contains("waiting for systemd-timesyncd");
        Files.createFile(timesync.resolve("synchronized"));
        Thread.sleep(1100); // it looks again at most once a second
        assertThat(q.knownGood()).isTrue();
        Files.delete(timesync.resolve("synchronized"));
        assertThat(q.knownGood()).as("stays good once good").isTrue();
    }

    @Test
    void withoutATimeSyncServiceAPlausibleTimeIsTakenAsRight() {
        var q = new SystemClockQuality(at("2026-11-23T04:00:00Z"), dir.resolve("absent"));
        assertThat(q.knownGood()).isTrue();
        assertThat(q.reason()).contains("plausible");
    }
}
