package org.fieldgate.drivers.maxbotixhrxl;

import org.fieldgate.drivers.testing.ChunkedFeed;
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
        int decoded = 0;
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
            decoded += out.frames.size();
        }
        // five readings a case and at most three damaged bytes: most readings come through
        assertThat(decoded).as("readings decoded from 500,000 sent").isGreaterThan(250_000);
    }

    @Test
    void everyReadingAmidGarbageLinesIsDecoded() {
        Random random = new Random(8);
        for (int i = 0; i < 5_000; i++) {
            java.util.List<Integer> sent = new java.util.ArrayList<>();
            java.util.List<byte[]> lines = new java.util.ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                int mm = random.nextInt(10_000);
                sent.add(mm);
                lines.add(String.format("R%04d\r", mm).getBytes(US_ASCII));
            }
            // each run of garbage is closed by its own CR, as a noisy line would be
            byte[] stream = ChunkedFeed.framesAmidGarbage(lines, random, 30, 'R', new byte[] {'\r'});
            CollectingSink<HrxlRange> out =
                    ChunkedFeed.feed(new MaxbotixHrxlCodec("mm", line -> { }), stream, random, 8);
            assertThat(millimetres(out)).as("case %d", i).hasSizeGreaterThanOrEqualTo(sent.size())
                    .containsSubsequence(sent);
        }
    }

    private static java.util.List<Integer> millimetres(CollectingSink<HrxlRange> sink) {
        return sink.frames.stream().map(HrxlRange::millimetres).toList();
    }
}
