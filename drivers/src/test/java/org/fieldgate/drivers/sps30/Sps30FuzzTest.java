package org.fieldgate.drivers.sps30;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.testing.ChunkedFeed;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Seeded random bytes and mutated real answers: no exception, only frames that were in the input. */
class Sps30FuzzTest {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/SPS30.hexdump");

    private static int check(byte[] input, Random rnd) {
        CollectingSink<ShdlcFrame> sink = ChunkedFeed.feed(Sps30Codec.responseDecoder(), input, rnd, 60);
        String hay = HexFormat.of().formatHex(input);
        for (ShdlcFrame f : sink.frames) {
            String body = HexFormat.of().formatHex(Sps30Codec.encode(f));
            // the flags may be shared with a neighbour: look for the stuffed content
            assertThat(hay).contains(body.substring(2, body.length() - 2));
            if (f.command() == 0x03 && f.data().length == 40) {
                Sps30Codec.readings(Sps30Codec.values(f.data()), 0);
            }
        }
        return sink.frames.size();
    }

    @Test
    void everyRealAnswerAmidGarbageIsDecoded() {
        ChunkedFeed.assertEveryFrameDecoded(REAL, Sps30Codec::responseDecoder, Sps30Codec::encode, 0x7E, 60, 32);
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(30);
        byte[] alphabet = {0x7E, 0x7D, 0x5E, 0x5D, 0x31, 0x33, 0x00, 0x03, 0x28};
        for (int c = 0; c < 50_000; c++) {
            byte[] b = new byte[rnd.nextInt(150)];
            rnd.nextBytes(b);
            for (int k = 0; k < b.length / 8; k++) { // lots of flags and escapes
                b[rnd.nextInt(b.length)] = alphabet[rnd.nextInt(alphabet.length)];
            }
            check(b, rnd);
        }
    }

    @Test
    void mutatedRealAnswers() {
        Random rnd = new Random(31);
        int decoded = 0;
        for (int c = 0; c < 50_000; c++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int k = 0; k < 3; k++) {
                s.writeBytes(REAL.get(rnd.nextInt(REAL.size())));
            }
            byte[] b = s.toByteArray();
            for (int m = 0; m <= rnd.nextInt(3); m++) {
                int at = rnd.nextInt(b.length);
                b[at] = rnd.nextBoolean() ? (byte) (b[at] ^ (1 << rnd.nextInt(8))) : (byte) 0x7D;
            }
            decoded += check(b, rnd);
        }
        // three answers a case and at most three damaged bytes: most answers come through
        assertThat(decoded).as("answers decoded from 150,000 sent").isGreaterThan(50_000);
    }
}
