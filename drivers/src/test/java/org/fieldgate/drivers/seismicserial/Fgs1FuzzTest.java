package org.fieldgate.drivers.seismicserial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.testing.ChunkedFeed;
import org.fieldgate.drivers.testing.CollectingSink;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bytes and randomly corrupted valid streams, fed in random slices: the decoder never
 * throws, only passes on frames that were sent, and finds every frame after the last corruption.
 */
class Fgs1FuzzTest {

    private static CollectingSink<Fgs1Frame> feed(byte[] input, Random rnd) {
        return ChunkedFeed.feed(Fgs1Codec.decoder(), input, rnd, rnd.nextBoolean() ? 16 : 1500);
    }

    @Test
    void everyFrameAmidGarbageIsDecoded() {
        Random rnd = new Random(63);
        for (int c = 0; c < 2_000; c++) {
            List<Fgs1Frame> sent = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                Fgs1Frame f = randomFrame(rnd, rnd.nextLong());
                sent.add(f);
                bytes.add(Fgs1Codec.encode(f));
            }
            byte[] stream = ChunkedFeed.framesAmidGarbage(bytes, rnd, 100, 0xA5, null);
            assertThat(feed(stream, rnd).frames).as("case %d", c).containsExactlyElementsOf(sent);
        }
    }

    private static Fgs1Frame randomFrame(Random rnd, long counter) {
        int axes = rnd.nextBoolean() ? 3 : 1;
        int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? Fgs1Frame.MAX_SAMPLES : 4);
        int[] counts = new int[axes * n];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = rnd.nextInt(1 << 24) - (1 << 23);
        }
        return new Fgs1Frame(axes, rnd.nextInt(0x10000), counter & 0xFFFF_FFFFL, counts);
    }

    @Test
    void randomBytesNeverThrowAndNeverMakeFrames() {
        Random rnd = new Random(61);
        for (int c = 0; c < 20_000; c++) {
            byte[] b = new byte[rnd.nextInt(800)];
            rnd.nextBytes(b);
            // plant plausible headers so the decoder also waits for and rejects long bodies
            for (int k = 0; k < 3 && b.length > 6; k++) {
                int at = rnd.nextInt(b.length - 5);
                b[at] = (byte) 0xA5;
                b[at + 1] = 0x5A;
                b[at + 2] = 1;
                b[at + 3] = (byte) (rnd.nextBoolean() ? 3 : 1);
                b[at + 4] = (byte) (1 + rnd.nextInt(64));
            }
            // a 16-bit CRC lets about 1 in 65536 random bodies through: only count them, they were "sent"
            CollectingSink<Fgs1Frame> sink = feed(b, rnd);
            String hay = HexFormat.of().formatHex(b);
            for (Fgs1Frame f : sink.frames) {
                assertThat(hay).contains(HexFormat.of().formatHex(Fgs1Codec.encode(f)));
            }
        }
    }

    @Test
    void corruptedStreamsRecoverTheFramesAfterTheDamage() {
        Random rnd = new Random(62);
        for (int c = 0; c < 5_000; c++) {
            List<Fgs1Frame> sent = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            int frames = 3 + rnd.nextInt(10);
            for (int k = 0; k < frames; k++) {
                Fgs1Frame f = randomFrame(rnd, rnd.nextLong());
                sent.add(f);
                s.writeBytes(Fgs1Codec.encode(f));
                ends.add(s.size());
            }
            byte[] clean = s.toByteArray();
            // damage the first part only: flipped bits, dropped bytes, inserted junk
            int damageEnd = ends.get(rnd.nextInt(frames - 2));
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            for (int i = 0; i < clean.length; i++) {
                boolean inDamage = i < damageEnd;
                int roll = rnd.nextInt(100);
                if (inDamage && roll < 2) {
                    continue; // dropped byte
                }
                if (inDamage && roll < 4) {
                    d.write(rnd.nextBoolean() ? 0xA5 : rnd.nextInt(256)); // inserted junk
                }
                d.write(inDamage && roll >= 97 ? clean[i] ^ (1 << rnd.nextInt(8)) : clean[i]);
            }
            byte[] damaged = d.toByteArray();
            CollectingSink<Fgs1Frame> sink = feed(damaged, rnd);

            List<Fgs1Frame> afterDamage = new ArrayList<>();
            for (int k = 0; k < frames; k++) {
                if (ends.get(k) > damageEnd) {
                    afterDamage.add(sent.get(k));
                }
            }
            assertThat(sink.frames).as("case %d", c).endsWith(afterDamage.toArray(new Fgs1Frame[0]));
            String hay = HexFormat.of().formatHex(damaged);
            for (Fgs1Frame f : sink.frames) {
                assertThat(hay).contains(HexFormat.of().formatHex(Fgs1Codec.encode(f)));
            }
        }
    }
}
