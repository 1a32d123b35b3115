package org.fieldgate.drivers.raingauge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TipCounterTest {

    private static final long MS = 1_000_000L;

    @Test
    void aBurstOfBouncesWithinTheDebounceWindowCountsOnce() {
        TipCounter c = new TipCounter(false, Duration.ofMillis(50));
        // reed closes at 1000 ms and bounces for 4 ms
        assertThat(c.edge(false, 1000 * MS)).isTrue();
        assertThat(c.edge(true, 1001 * MS)).isFalse();
        assertThat(c.edge(false, 1002 * MS)).isFalse();
        assertThat(c.edge(true, 1003 * MS)).isFalse();
        assertThat(c.edge(false, 1004 * MS)).isFalse();

        assertThat(c.tips()).isEqualTo(1);
        assertThat(c.bounces()).isEqualTo(2);
        assertThat(c.takePending()).isEqualTo(1);
        assertThat(c.takePending()).isZero();
    }

    @Test
    void theBouncesOfTheReleaseAreNotTips() {
        TipCounter c = new TipCounter(false, Duration.ofMillis(50));
        c.edge(false, 0);
        // the bucket has tipped past; the reed opens 120 ms later and bounces
        c.edge(true, 120 * MS);
        c.edge(false, 121 * MS);
        c.edge(true, 123 * MS);

        assertThat(c.tips()).isEqualTo(1);
        assertThat(c.bounces()).isEqualTo(1);
    }

    @Test
    void tipsOneSecondApartEachCount() {
        TipCounter c = new TipCounter(false, Duration.ofMillis(50));
        for (int i = 0; i < 10; i++) {
            long t = i * 1000 * MS;
            c.edge(false, t);
            c.edge(true, t + 150 * MS);
        }
        assertThat(c.tips()).isEqualTo(10);
        assertThat(c.bounces()).isZero();
        assertThat(c.takePending()).isEqualTo(10);
    }

    @Test
    void anEdgeExactlyOneDebounceAfterTheLastCounts() {
        TipCounter c = new TipCounter(false, Duration.ofMillis(50));
        c.edge(true, 0);
        assertThat(c.edge(false, 49 * MS)).isFalse();
        c.edge(true, 60 * MS);
        assertThat(c.edge(false, 110 * MS)).isTrue();
    }

    @Test
    void risingEdgeGaugesCountRisingEdges() {
        TipCounter c = new TipCounter(true, Duration.ofMillis(50));
        assertThat(c.edge(false, 0)).isFalse();
        assertThat(c.edge(true, 200 * MS)).isTrue();
        assertThat(c.edge(false, 400 * MS)).isFalse();
        assertThat(c.tips()).isEqualTo(1);
        assertThat(c.bounces()).isZero();
    }
}
