package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Steim2Test {

    private static int[] roundTrip(int[] samples, int diff0) {
        Steim2.Packed packed = Steim2.encode(samples, 0, samples.length, diff0, 1000);
        assertThat(packed.sampleCount()).isEqualTo(samples.length);
        return Steim2.decode(packed.frames(), 0, packed.frameCount(), samples.length);
    }

    @Test
    void everyPackingWidthRoundTrips() {
        // differences sized for 4, 5, 6, 8, 10, 15 and 30 bits, each in a run long enough to pack
        int[] widths = {7, 15, 31, 127, 511, 16383, 536870911};
        int[] samples = new int[widths.length * 8];
        int value = 0;
        int i = 0;
        for (int w : widths) {
            for (int k = 0; k < 8; k++) {
                value += (k % 2 == 0 ? w : -w);
                samples[i++] = value;
            }
        }
        assertThat(roundTrip(samples, 0)).containsExactly(samples);
    }

    @Test
    void extremeDifferencesAtThirtyBitLimits() {
        int[] samples = {0, (1 << 29) - 1, 0, -(1 << 29), -1};
        assertThat(roundTrip(samples, 0)).containsExactly(samples);
    }

    @Test
    void differenceWiderThanThirtyBitsIsRejected() {
        int[] samples = {0, 1 << 29};
        assertThatThrownBy(() -> Steim2.encode(samples, 0, samples.length, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 bits");
    }

    @Test
    void frameZeroCarriesIntegrationConstants() {
        int[] samples = {1000, 1001, 999, 1005};
        Steim2.Packed packed = Steim2.encode(samples, 0, samples.length, 0, 1);
        ByteBuffer b = ByteBuffer.wrap(packed.frames());

        assertThat(b.getInt(4)).isEqualTo(1000);
        assertThat(b.getInt(8)).isEqualTo(1005);
        // 4 differences (0, 1, -2, 6) fit one 4 x 8-bit word: code 01 for word 3
        assertThat(b.getInt(0)).isEqualTo(0b01 << (30 - 6));
        assertThat(b.getInt(12)).isEqualTo(0x0001FE06);
    }

    @Test
    void stopsAtFrameLimitAndReportsPackedCount() {
        int[] samples = new Random(1).ints(5000, -1 << 20, 1 << 20).toArray();
        Steim2.Packed packed = Steim2.encode(samples, 0, samples.length, 0, 7);

        assertThat(packed.frameCount()).isEqualTo(7);
        assertThat(packed.sampleCount()).isLessThan(samples.length);
        int[] decoded = Steim2.decode(packed.frames(), 0, 7, packed.sampleCount());
        assertThat(decoded[decoded.length - 1]).isEqualTo(samples[packed.sampleCount() - 1]);
    }

    @Test
    void randomWalksRoundTrip() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            int n = 1 + random.nextInt(800);
            int[] samples = new int[n];
            long value = random.nextInt(1 << 24) - (1 << 23);
            int scale = 1 << random.nextInt(28);
            for (int i = 0; i < n; i++) {
                long step = (long) (random.nextGaussian() * scale);
                if (random.nextInt(50) == 0) {
                    step = random.nextInt(1 << 29) * (random.nextBoolean() ? 1L : -1L); // 30-bit jump
                }
                step = Math.max(1 - (1 << 29), Math.min((1 << 29) - 1, step));
                if (Math.abs(value + step) > (1 << 28)) {
                    step = value > 0 ? -Math.abs(step) : Math.abs(step); // head back: differences stay in 30 bits
                }
                value += step;
                samples[i] = (int) value;
            }

            assertThat(roundTrip(samples, 0)).containsExactly(samples);
        }
    }
}
