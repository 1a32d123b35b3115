package org.fieldgate.gateway.rules.seismic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StaLtaTest {

    /** The vector of src/test/resources/README.md (ObsPy definitions): 30 × 1.0, 10 × 3.0, 20 × 1.0. */
    private static double[] step() {
        double[] a = new double[60];
        Arrays.fill(a, 1.0);
        Arrays.fill(a, 30, 40, 3.0);
        return a;
    }

    @Test
    void classicMatchesObspyReference() {
        double[] cf = StaLta.classic(step(), 2, 10);
        double[] expected = {1, 1, 2.777778, 3.461538, 2.647059, 2.142857, 1.8, 1.551724, 1.363636};
        for (int k = 0; k < expected.length; k++) {
            assertThat(cf[28 + k]).as("cf[%d]", 28 + k).isCloseTo(expected[k], within(1e-6));
        }
        for (int i = 0; i < 9; i++) {
            assertThat(cf[i]).isZero();
        }
        assertThat(cf[9]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void recursiveMatchesObspyReference() {
        double[] cf = StaLta.recursive(step(), 2, 10);
        double[] expected = {1.055225, 1.049429, 2.844774, 2.820479, 2.552923, 2.284764};
        for (int k = 0; k < expected.length; k++) {
            assertThat(cf[28 + k]).as("cf[%d]", 28 + k).isCloseTo(expected[k], within(1e-6));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(cf[i]).isZero();
        }
        assertThat(cf[10]).isPositive();
    }

    @Test
    void triggerOnOffMatchesObspyReference() {
        assertThat(TriggerOnOff.onsets(StaLta.classic(step(), 2, 10), 2.0, 1.2))
                .containsExactly(new TriggerOnOff.Onset(30, 37));
        assertThat(TriggerOnOff.onsets(StaLta.recursive(step(), 2, 10), 2.0, 1.2))
                .containsExactly(new TriggerOnOff.Onset(30, 39));
    }

    @Test
    void eventStillOnAtTheEndEndsAtTheLastSample() {
        double[] cf = {0, 3, 1, 0, 2.5, 2.5, 1.5};
        assertThat(TriggerOnOff.onsets(cf, 2.0, 1.2))
                .containsExactly(new TriggerOnOff.Onset(1, 1), new TriggerOnOff.Onset(4, 6));
        assertThat(TriggerOnOff.onsets(new double[] {0, 1, 1.9}, 2.0, 1.2)).isEmpty();
    }

    @Test
    void thresholdsAreStrict() {
        // ObsPy uses cft > thres1 to switch on and cft > thres2 to stay on
        double[] cf = {2.0, 2.1, 1.2, 2.1, 1.3};
        assertThat(TriggerOnOff.onsets(cf, 2.0, 1.2))
                .containsExactly(new TriggerOnOff.Onset(1, 1), new TriggerOnOff.Onset(3, 4));
    }

    @Test
    void streamingEqualsBatchOverLongNoisyInput() {
        Random random = new Random(6);
        double[] a = new double[20_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian() * (i > 12_000 && i < 12_500 ? 40 : 1) + 0.3;
        }
        double[] classic = StaLta.classic(a, 32, 320);
        double[] recursive = StaLta.recursive(a, 32, 320);
        StaLta liveClassic = StaLta.classic(32, 320);
        StaLta liveRecursive = StaLta.recursive(32, 320);
        for (int i = 0; i < a.length; i++) {
            assertThat(liveClassic.next(a[i])).isEqualTo(classic[i]);
            assertThat(liveRecursive.next(a[i])).isEqualTo(recursive[i]);
        }
        // and the running sums agree with a direct windowed mean (no drift)
        for (int i : List.of(319, 5_000, 12_100, 19_999)) {
            double sta = 0;
            double lta = 0;
            for (int j = i - 319; j <= i; j++) {
                lta += a[j] * a[j];
                if (j > i - 32) {
                    sta += a[j] * a[j];
                }
            }
            assertThat(classic[i]).isCloseTo((sta / 32) / (lta / 320), within(1e-9));
        }
    }

    @Test
    void resetStartsOver() {
        StaLta live = StaLta.classic(2, 10);
        for (double v : step()) {
            live.next(v * 7);
        }
        live.reset();
        double[] cf = new double[60];
        double[] a = step();
        for (int i = 0; i < a.length; i++) {
            cf[i] = live.next(a[i]);
        }
        assertThat(cf).containsExactly(StaLta.classic(a, 2, 10));
    }

    @Test
    void rejectsBadWindowsAndShortClassicInput() {
        assertThatThrownBy(() -> StaLta.classic(10, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaLta.recursive(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaLta.classic(new double[5], 2, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
