package org.fieldgate.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        Backoff top = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        assertThat(top.delayMs(0)).isEqualTo(999);
        assertThat(top.delayMs(1)).isEqualTo(1999);
        assertThat(top.delayMs(5)).isEqualTo(31999);
        assertThat(top.delayMs(6)).isEqualTo(59999);
        assertThat(top.delayMs(40)).isEqualTo(59999);
        assertThat(top.delayMs(Integer.MAX_VALUE)).isEqualTo(59999);
    }

    @Test
    void jitterTakesUpToHalfOff() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        assertThat(low.delayMs(0)).isEqualTo(500);
        assertThat(low.delayMs(10)).isEqualTo(30_000);
    }

    @Test
    void refusesACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
