package org.fieldgate.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.status.HistorySeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingHistoryTest {

    private static final long DAY = 86_400_000L;
    /** 2026-12-01T00:00Z. */
    private long now = 1_796_083_200_000L;

    @TempDir
    Path dir;

    private ReadingHistory history(long maxBytes) {
        return new ReadingHistory(dir.resolve("history"), maxBytes, () -> now);
    }

    /** One reading of {@code v} every 10 s for {@code minutes} minutes from {@code now}; moves the clock on. */
    private void feed(ReadingHistory h, int minutes, double v) {
        for (int i = 0; i < minutes * 6; i++) {
            h.add("wl1", List.of(new Reading("stage_m", now, v + (i % 6), Quality.OK)));
            now += 10_000;
        }
    }

    @Test
    void minutesCarryMinMeanMaxAndSurviveARestartThroughTheDayFiles() {
        ReadingHistory h = history(16 << 20);
        feed(h, 3, 9.0); // each minute: 9..14
        h.add("wl1", List.of(new Reading("stage_m", now, 99, Quality.SUSPECT), new Reading("stage_m", now, Double.NaN, Quality.OK)));
        h.close();

        ReadingHistory again = history(16 << 20);
        HistorySeries s = again.series("wl1", "stage_m", 24);
        assertThat(s.stepS()).isEqualTo(60);
        assertThat(s.points()).hasSize(3);
        double[] first = s.points().get(0);
        assertThat(first[0]).isEqualTo(1_796_083_200_000.0);
        assertThat(first[1]).isEqualTo(9.0);
        assertThat(first[2]).isEqualTo(11.5, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(first[3]).isEqualTo(14.0);
        assertThat(again.series("wl1", "other", 24).points()).isEmpty();
    }

    @Test
    void sevenDaysAreMergedToAtMost1440PointsAndOlderDaysArePruned() throws Exception {
        ReadingHistory h = history(16 << 20);
        for (int d = 0; d < 10; d++) {
            feed(h, 30, d);
            h.flush(false);
            now += DAY - 30 * 60_000L;
        }
        HistorySeries week = h.series("wl1", "stage_m", 168);
        assertThat(week.stepS()).isEqualTo(7 * 60);
        assertThat(week.points().size()).isLessThanOrEqualTo(ReadingHistory.MAX_POINTS);
        assertThat(week.points().get(0)[1]).as("nothing older than 7 days").isGreaterThanOrEqualTo(3);
        List<String> files = new ArrayList<>();
        try (var s = Files.list(dir.resolve("history"))) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).hasSizeLessThanOrEqualTo(HistoryFiles.KEEP_DAYS);
    }

    @Test
    void theFilesStayWithinTheirBudgetAndATornLineIsSkipped() throws Exception {
        ReadingHistory h = history(20_000);
        for (int d = 0; d < 5; d++) {
            feed(h, 60, d);
            h.flush(false);
            now += DAY - 60 * 60_000L;
        }
        long total = 0;
        try (var s = Files.list(dir.resolve("history"))) {
            for (Path p : s.toList()) {
                total += Files.size(p);
            }
        }
        assertThat(total).isLessThanOrEqualTo(20_000 + 10_000); // today's file may pass it
        try (var s = Files.list(dir.resolve("history"))) {
            Path last = s.sorted().reduce((a, b) -> b).orElseThrow();
            Files.writeString(last, "12345,wl1,stage_m,1.0,", java.nio.file.StandardOpenOption.APPEND);
        }
        assertThat(history(20_000).series("wl1", "stage_m", 24).points()).isNotEmpty();
    }
}
