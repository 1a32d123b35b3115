package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrainEstimateTest {

    private final DrainEstimate drain = new DrainEstimate();

    @Test
    void aShrinkingBacklogGivesTheTimeLeftAtItsNetRate() {
        // 10,000 messages falling by 50 a second (net of the new readings)
        Long last = null;
        for (long t = 0; t <= 60_000; t += 1_000) {
            last = drain.seconds(t, 10_000 - 50 * t / 1000, true);
        }
        assertThat(last).as("7,000 left at 50/s").isEqualTo(140);
    }

    @Test
    void unknownUntilTheSpanIsLongEnoughAndWhileTheBacklogDoesNotShrink() {
        assertThat(drain.seconds(0, 1_000, true)).isNull();
        assertThat(drain.seconds(5_000, 900, true)).as("5 s: a batch could do that").isNull();
        assertThat(drain.seconds(20_000, 800, true)).isEqualTo(80);

        DrainEstimate growing = new DrainEstimate();
        for (long t = 0; t <= 60_000; t += 5_000) {
            assertThat(growing.seconds(t, 1_000 + t / 100, true)).isNull();
        }
    }

    @Test
    void aDisconnectStartsOverAndAnEmptyOutboxIsZero() {
        drain.seconds(0, 1_000, true);
        drain.seconds(30_000, 700, true);
        assertThat(drain.seconds(35_000, 650, false)).isNull();
        assertThat(drain.seconds(40_000, 640, true)).as("the samples before the disconnect are gone").isNull();
        assertThat(drain.seconds(45_000, 0, true)).isZero();
        assertThat(drain.seconds(50_000, -1, true)).as("store unreadable").isNull();
    }

    @Test
    void onlyTheLastTwoMinutesCount() {
        // fast at first, then slow: the estimate follows the recent rate
        drain.seconds(0, 100_000, true);
        drain.seconds(60_000, 40_000, true); // 1,000/s
        for (long t = 65_000; t <= 300_000; t += 5_000) {
            drain.seconds(t, 40_000 - (t - 60_000) / 100, true); // 10/s
        }
        assertThat(drain.seconds(305_000, 37_550, true)).as("37,550 at 10/s").isEqualTo(3_755);
    }
}
