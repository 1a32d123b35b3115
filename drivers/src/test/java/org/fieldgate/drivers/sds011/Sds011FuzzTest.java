package org.fieldgate.drivers.sds011;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.testing.ChunkedFeed;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Seeded random bytes and mutated real frames: no exception, and only frames that were in the input. */
class Sds011FuzzTest {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/SDS01x.hexdump");

    private static int check(byte[] input, Random rnd) {
        CollectingSink<Sds011Frame> sink = ChunkedFeed.feed(Sds011Codec.decoder(), input, rnd, 16);
        String hay = HexFormat.of().formatHex(input);
        for (Sds011Frame f : sink.frames) {
            assertThat(hay).contains(HexFormat.of().formatHex(Sds011Codec.encode(f)));
        }
        return sink.frames.size();
    }

    @Test
    void everyRealFrameAmidGarbageIsDecoded() {
        ChunkedFeed.assertEveryFrameDecoded(REAL, Sds011Codec::decoder, Sds011Codec::encode, 0xAA, 16, 13);
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(11);
        for (int c = 0; c < 50_000; c++) {
            byte[] b = new byte[rnd.nextInt(60)];
            rnd.nextBytes(b);
            if (b.length > 10 && rnd.nextBoolean()) {
                int at = rnd.nextInt(b.length - 10);
                b[at] = (byte) 0xAA;
                b[at + 1] = (byte) 0xC0;
                b[at + 9] = (byte) 0xAB;
            }
            check(b, rnd);
        }
    }

    @Test
    void mutatedRealFrames() {
        Random rnd = new Random(12);
        int decoded = 0;
        for (int c = 0; c < 50_000; c++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int k = 0; k < 4; k++) {
                s.writeBytes(REAL.get(rnd.nextInt(REAL.size())));
            }
            byte[] b = s.toByteArray();
            for (int m = 0; m <= rnd.nextInt(3); m++) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            decoded += check(b, rnd);
        }
        // four frames a case and at most three flipped bits: most frames come through
        assertThat(decoded).as("frames decoded from 200,000 sent").isGreaterThan(100_000);
    }
}
