package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FIFO_DATA bursts: entries per the datasheet's FIFO_DATA description (x marker, empty indicator). */
class Adxl355FifoParserTest {

    private final Adxl355FifoParser parser = new Adxl355FifoParser();

    private static byte[] entries(int[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] e : entries) {
            // {sample, axis (0 = x), empty?}
            out.writeBytes(Adxl355Codec.encodeEntry(e[0], e[1] == 0, e.length > 2 && e[2] == 1));
        }
        return out.toByteArray();
    }

    private static byte[] triplets(int from, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < from + count; i++) {
            out.writeBytes(Adxl355Codec.encodeEntry(i, true, false));
            out.writeBytes(Adxl355Codec.encodeEntry(-i, false, false));
            out.writeBytes(Adxl355Codec.encodeEntry(1000 + i, false, false));
        }
        return out.toByteArray();
    }

    @Test
    void alignedTripletsDecodeInOrder() {
        Adxl355FifoParser.Batch b = parser.parse(triplets(1, 3));

        assertThat(b.x()).containsExactly(1, 2, 3);
        assertThat(b.y()).containsExactly(-1, -2, -3);
        assertThat(b.z()).containsExactly(1001, 1002, 1003);
        assertThat(b.dropped()).isZero();
        assertThat(b.empty()).isZero();
    }

    @Test
    void entriesBeforeTheFirstXMarkerAreDroppedAndCounted() {
        byte[] glitch = entries(new int[] {7, 1}, new int[] {8, 2});
        byte[] data = concat(glitch, triplets(5, 2));

        Adxl355FifoParser.Batch b = parser.parse(data);

        assertThat(b.x()).containsExactly(5, 6);
        assertThat(b.dropped()).isEqualTo(2);
    }

    @Test
    void aTripletCutShortByTheNextXIsDropped() {
        byte[] data = concat(entries(new int[] {9, 0}, new int[] {9, 1}), triplets(1, 1));

        Adxl355FifoParser.Batch b = parser.parse(data);

        assertThat(b.x()).containsExactly(1);
        assertThat(b.dropped()).isEqualTo(2);
    }

    @Test
    void emptyEntriesAreSkippedWithoutLoss() {
        byte[] data = concat(triplets(1, 1), entries(new int[] {0, 1, 1}, new int[] {0, 1, 1}, new int[] {0, 1, 1}));

        Adxl355FifoParser.Batch b = parser.parse(data);

        assertThat(b.x()).containsExactly(1);
        assertThat(b.empty()).isEqualTo(3);
        assertThat(b.dropped()).isZero();
    }

    @Test
    void aTripletSplitBetweenTwoReadsIsCompletedByTheSecond() {
        byte[] all = triplets(1, 2);
        Adxl355FifoParser.Batch first = parser.parse(all, 0, 12); // x1 y1 z1 x2
        assertThat(first.x()).containsExactly(1);
        assertThat(parser.carried()).isEqualTo(1);

        Adxl355FifoParser.Batch second = parser.parse(all, 12, 6); // y2 z2
        assertThat(second.x()).containsExactly(2);
        assertThat(second.y()).containsExactly(-2);
        assertThat(second.z()).containsExactly(1002);
        assertThat(second.dropped()).isZero();
    }

    @Test
    void resetForgetsAHeldPartTriplet() {
        parser.parse(triplets(1, 1), 0, 6); // x1 y1
        assertThat(parser.reset()).isEqualTo(2);

        Adxl355FifoParser.Batch b = parser.parse(triplets(4, 1));
        assertThat(b.x()).containsExactly(4);
        assertThat(b.dropped()).isZero();
    }

    @Test
    void aTrailingPartEntryIsDropped() {
        byte[] data = concat(triplets(1, 1), new byte[] {0x12, 0x34});

        Adxl355FifoParser.Batch b = parser.parse(data);

        assertThat(b.x()).containsExactly(1);
        assertThat(b.dropped()).isEqualTo(1);
    }

    @Test
    void fuzzRandomBytesNeverThrowAndCleanDataAfterwardsDecodesInFull() {
        Random random = new Random(20260316);
        for (int round = 0; round < 5_000; round++) {
            byte[] garbage = new byte[random.nextInt(100)];
            random.nextBytes(garbage);
            int before = parser.carried();
            Adxl355FifoParser.Batch g = parser.parse(garbage, 0, garbage.length);
            int entries = garbage.length / 3;
            // every entry is accounted for: in a triplet, dropped, empty or held back
            assertThat(3 * g.size() + (g.dropped() - (garbage.length % 3 == 0 ? 0 : 1)) + g.empty() + parser.carried())
                    .isEqualTo(entries + before);

            int first = random.nextInt(1000);
            int count = 1 + random.nextInt(10);
            Adxl355FifoParser.Batch clean = random.nextBoolean()
                    ? parser.parse(triplets(first, count))
                    : parser.parse(concat(garbage.length % 3 == 0 ? garbage : new byte[0], triplets(first, count)));
            List<Integer> xs = new ArrayList<>();
            for (int x : clean.x()) {
                xs.add(x);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                expected.add(i);
            }
            // never loses sync for good: the clean triplets come out whole, after whatever garbage gave
            assertThat(xs.subList(xs.size() - count, xs.size())).isEqualTo(expected);
            assertThat(parser.carried()).isZero();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
