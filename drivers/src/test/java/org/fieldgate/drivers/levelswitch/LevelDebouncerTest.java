package org.fieldgate.drivers.levelswitch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LevelDebouncerTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aLevelCountsOnlyAfterHoldingForTheDebounceTime() {
        LevelDebouncer d = new LevelDebouncer(Duration.ofSeconds(2));
        d.start(false, 0);

        d.edge(true, 10 * S);
        assertThat(d.settle(11 * S)).isEmpty();
        assertThat(d.settle(12 * S)).contains(true);
        assertThat(d.stable()).isTrue();
        assertThat(d.settle(20 * S)).isEmpty();
    }

    @Test
    void sloshingWithinTheDebounceTimeIsNoChange() {
        LevelDebouncer d = new LevelDebouncer(Duration.ofSeconds(2));
        d.start(false, 0);
        for (int i = 0; i < 10; i++) {
            d.edge(i % 2 == 0, 10 * S + i * S / 2);
            assertThat(d.settle(10 * S + i * S / 2 + S)).isEmpty();
        }
        // ends low (the last edge, i = 9, went low): back where it was, no change ever
        assertThat(d.settle(30 * S)).isEqualTo(Optional.empty());
        assertThat(d.stable()).isFalse();
    }

    @Test
    void theHoldTimeRestartsAtEveryChange() {
        LevelDebouncer d = new LevelDebouncer(Duration.ofSeconds(2));
        d.start(true, 0);
        d.edge(false, 10 * S);
        d.edge(true, 11 * S);
        d.edge(false, 11 * S + S / 2);
        assertThat(d.settle(13 * S)).isEmpty();
        assertThat(d.settle(13 * S + S / 2)).contains(false);
    }
}
