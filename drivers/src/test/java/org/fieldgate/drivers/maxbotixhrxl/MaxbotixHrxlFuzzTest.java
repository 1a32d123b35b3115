package org.fieldgate.drivers.maxbotixhrxl;

import org.fieldgate.drivers.testing.CollectingSink;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated input never throws, and every range passed on came from a well-formed line. */
class MaxbotixHrxlFuzzTest {

    @Test
    void randomBytesNeverThrowAndRangesStayInFourDigits() {
        Random random = new Random(20240911);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (random.nextBoolean()) {
                // bias towards the alphabet of the protocol so some lines almost parse
                String alphabet = "R0123456789\r\n x";
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                }
            }
            CollectingSink<HrxlRange> out = new CollectingSink<>();
            MaxbotixHrxlCodec codec = new MaxbotixHrxlCodec(random.nextBoolean() ? "mm" : "cm", line -> { });
            MedianFilter filtered = new MedianFilter(codec, 1 + random.nextInt(5));
            int cut = b.length == 0 ? 0 : random.nextInt(b.length);
            filtered.feed(b, 0, cut, out);
            filtered.feed(b, cut, b.length - cut, out);
            assertThat(millimetres(out)).allSatisfy(mm -> assertThat(mm).isBetween(0, 9999));
            assertThat(out.checksumErrors).isZero();
        }
    }

    @Test
    void mutatedRealStreamsDecodeOnlyIntactLines() {
        String real = MaxbotixHrxlCodecTest.BANNER + "R2345\rR2346\rR2344\rR5000\rR0300\r";
        byte[] good = real.getBytes(US_ASCII);
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            CollectingSink<HrxlRange> out = new CollectingSink<>();
            MaxbotixHrxlCodec codec = new MaxbotixHrxlCodec("mm", line -> { });
            codec.feed(b, 0, b.length, out);
            assertThat(millimetres(out).size()).isLessThanOrEqualTo(5 + flips);
            assertThat(millimetres(out)).allSatisfy(mm -> assertThat(mm).isBetween(0, 9999));
        }
    }

    private static java.util.List<Integer> millimetres(CollectingSink<HrxlRange> sink) {
        return sink.frames.stream().map(HrxlRange::millimetres).toList();
    }
}
