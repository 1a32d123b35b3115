package org.fieldgate.drivers.raingauge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RainTallyTest {

    @Test
    void rainIsTipsTimesMmPerTip() {
        RainTally t = new RainTally(0.2, 0);
        assertThat(t.close(3, Duration.ofMinutes(1)).rainMm()).isEqualTo(0.6);
        assertThat(new RainTally(0.254, 0).close(4, Duration.ofMinutes(1)).rainMm()).isEqualTo(1.016);
    }

    @Test
    void intensityIsRainOverTheIntervalInMmPerHour() {
        RainTally t = new RainTally(0.2, 0);
        // 5 tips = 1 mm in one minute = 60 mm/h
        assertThat(t.close(5, Duration.ofMinutes(1)).intensityMmH()).isEqualTo(60.0);
        // 1 tip = 0.2 mm in 10 minutes = 1.2 mm/h
        assertThat(t.close(1, Duration.ofMinutes(10)).intensityMmH()).isEqualTo(1.2);
        assertThat(t.close(0, Duration.ofMinutes(1)).intensityMmH()).isZero();
        assertThat(t.close(2, Duration.ZERO).intensityMmH()).isZero();
    }

    @Test
    void theTotalRunsOnFromItsStartAndStaysExact() {
        RainTally t = new RainTally(0.2, 12.4);
        RainTally.Interval last = null;
        for (int i = 0; i < 1000; i++) {
            last = t.close(1, Duration.ofMinutes(1));
        }
        assertThat(last.totalMm()).isEqualTo(212.4);
        assertThat(t.close(0, Duration.ofMinutes(1)).totalMm()).isEqualTo(212.4);
    }
}
