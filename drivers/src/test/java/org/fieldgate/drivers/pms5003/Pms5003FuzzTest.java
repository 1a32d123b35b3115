package org.fieldgate.drivers.pms5003;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.testing.ChunkedFeed;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bytes and mutated real frames: nothing escapes the decoder, and every frame it
 * reports is one whose exact bytes, checksum included, were in the input.
 */
class Pms5003FuzzTest {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/PMSx003.hexdump");

    private static int check(byte[] input, Random rnd) {
        CollectingSink<Pms5003Frame> sink = ChunkedFeed.feed(Pms5003Codec.decoder(), input, rnd, 40);
        String hay = HexFormat.of().formatHex(input);
        for (Pms5003Frame f : sink.frames) {
            String needle = HexFormat.of().formatHex(Pms5003Codec.encode(f));
            assertThat(hay).as("a reported frame was in the input").contains(needle);
        }
        return sink.frames.size();
    }

    @Test
    void everyRealFrameAmidGarbageIsDecoded() {
        ChunkedFeed.assertEveryFrameDecoded(REAL, Pms5003Codec::decoder, Pms5003Codec::encode, 0x42, 40, 5004);
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(5003);
        for (int c = 0; c < 50_000; c++) {
            byte[] b = new byte[rnd.nextInt(120)];
            rnd.nextBytes(b);
            if (rnd.nextBoolean() && b.length > 4) { // plant a plausible header now and then
                int at = rnd.nextInt(b.length - 4);
                b[at] = 0x42;
                b[at + 1] = 0x4D;
                b[at + 2] = 0;
                b[at + 3] = (byte) (rnd.nextBoolean() ? 0x1C : 0x04);
            }
            check(b, rnd);
        }
    }

    @Test
    void mutatedRealFramesNeverDecodeToAnotherValue() {
        Random rnd = new Random(7);
        int decoded = 0;
        for (int c = 0; c < 50_000; c++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int k = 0; k < 3; k++) {
                s.writeBytes(REAL.get(rnd.nextInt(REAL.size())));
            }
            byte[] b = s.toByteArray();
            int mutations = 1 + rnd.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                switch (rnd.nextInt(3)) {
                    case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    default -> {
                        int cut = rnd.nextInt(b.length);
                        byte[] shorter = new byte[b.length - 1];
                        System.arraycopy(b, 0, shorter, 0, cut);
                        System.arraycopy(b, cut + 1, shorter, cut, b.length - cut - 1);
                        b = shorter;
                    }
                }
            }
            decoded += check(b, rnd);
        }
        // three frames a case and at most three mutations: most cases keep at least one intact frame
        assertThat(decoded).as("frames decoded from 150,000 sent").isGreaterThan(50_000);
    }
}
