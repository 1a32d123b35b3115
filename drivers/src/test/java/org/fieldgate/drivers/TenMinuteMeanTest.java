package org.fieldgate.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenMinuteMeanTest {

    private static final long T0 = 1_700_000_400_000L; // a 10-minute boundary

    @Test
    void eachClockAlignedBlockGivesItsMeanOfValidReadingsAtItsEnd() {
        TenMinuteMean mean = new TenMinuteMean();
        List<TenMinuteMean.Mean> out = new ArrayList<>();
        for (int i = 0; i < 240; i++) { // 20 minutes at 5 s: 0.1 in the first block, 0.2 in the second
            long t = T0 + i * 5_000L;
            boolean valid = i != 7; // one invalid minute count, left out
            mean.add(t, i == 7 ? 9.9 : t < T0 + TenMinuteMean.BLOCK_MS ? 0.1 : 0.2, valid).ifPresent(out::add);
        }
        mean.add(T0 + 2 * TenMinuteMean.BLOCK_MS, 0.3, true).ifPresent(out::add);
        assertThat(out).containsExactly(new TenMinuteMean.Mean(T0 + TenMinuteMean.BLOCK_MS, 0.1),
                new TenMinuteMean.Mean(T0 + 2 * TenMinuteMean.BLOCK_MS, 0.2));
    }

    @Test
    void aBlockWithLessThanHalfItsTimeCoveredGivesNone() {
        TenMinuteMean mean = new TenMinuteMean();
        for (int i = 0; i < 40; i++) { // 3 min 20 s of readings, then silence
            assertThat(mean.add(T0 + i * 5_000L, 0.1, true)).isEmpty();
        }
        assertThat(mean.add(T0 + TenMinuteMean.BLOCK_MS + 1, 0.1, true)).isEmpty();
    }
}
