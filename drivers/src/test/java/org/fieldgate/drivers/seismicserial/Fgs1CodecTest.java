package org.fieldgate.drivers.seismicserial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.fieldgate.drivers.io.transport.StreamDecoder;
import org.junit.jupiter.api.Test;

class Fgs1CodecTest {

    /**
     * The worked example of docs/drivers/seismic-serial.md: 3 axes, 2 samples, 31.25 Hz, first sample
     * 123456, samples (1000, −2000, 981000) and (−1, 0, −8388608). Its CRC was computed independently
     * with Python's {@code binascii.crc_hqx(body, 0xFFFF)} (CRC-16/CCITT-FALSE).
     */
    static final String EXAMPLE_HEX = "A5 5A 01 03 02 35 0C 40 E2 01 00 E8 03 00 30 F8 FF 08 F8 0E"
            + " FF FF FF 00 00 00 00 00 80 93 73";
    static final Fgs1Frame EXAMPLE = new Fgs1Frame(3, 3125, 123456, new int[] {1000, -2000, 981000, -1, 0, -8388608});

    private static CollectingSink<Fgs1Frame> decode(byte[]... reads) {
        StreamDecoder<Fgs1Frame> d = Fgs1Codec.decoder();
        CollectingSink<Fgs1Frame> sink = new CollectingSink<>();
        for (byte[] r : reads) {
            d.feed(r, 0, r.length, sink);
        }
        return sink;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Fgs1Frame frame(long counter, int n) {
        int[] counts = new int[3 * n];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (int) (counter * 7 + i * 1001) % 8_000_000 - 4_000_000;
        }
        return new Fgs1Frame(3, 3125, counter, counts);
    }

    @Test
    void crcIsCcittFalse() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Fgs1Codec.crc(check, 0, check.length)).isEqualTo(0x29B1);
    }

    @Test
    void workedExampleBothWays() {
        byte[] wire = Fixtures.hex(EXAMPLE_HEX);
        assertThat(Fgs1Codec.encode(EXAMPLE)).isEqualTo(wire);

        CollectingSink<Fgs1Frame> sink = decode(wire);
        assertThat(sink.frames).containsExactly(EXAMPLE);
        Fgs1Frame f = sink.frames.get(0);
        assertThat(f.n()).isEqualTo(2);
        assertThat(f.sampleRate()).isEqualTo(31.25);
        assertThat(f.count(0, 2)).isEqualTo(981000);
        assertThat(f.count(1, 2)).isEqualTo(-8388608);
        assertThat(sink.checksumErrors).isZero();
        assertThat(sink.resyncs).isZero();
    }

    @Test
    void oneAxisAndTheLargestFrameRoundTrip() {
        Fgs1Frame z = new Fgs1Frame(1, 10000, 0xFFFF_FFFFL, new int[] {8388607});
        Fgs1Frame big = frame(42, Fgs1Frame.MAX_SAMPLES);
        assertThat(Fgs1Codec.encode(big)).hasSize(Fgs1Codec.MAX_FRAME_LENGTH).hasSize(11 + 64 * 9 + 2);
        assertThat(decode(Fgs1Codec.encode(z), Fgs1Codec.encode(big)).frames).containsExactly(z, big);
    }

    @Test
    void framesTornAtEveryByteAreFound() {
        byte[] wire = concat(Fgs1Codec.encode(frame(0, 5)), Fgs1Codec.encode(frame(5, 5)));
        for (int cut = 1; cut < wire.length; cut++) {
            CollectingSink<Fgs1Frame> sink = decode(Arrays.copyOf(wire, cut), Arrays.copyOfRange(wire, cut, wire.length));
            assertThat(sink.frames).as("cut at %d", cut).containsExactly(frame(0, 5), frame(5, 5));
            assertThat(sink.resyncs).isZero();
        }
        byte[][] single = new byte[wire.length][];
        for (int i = 0; i < wire.length; i++) {
            single[i] = new byte[] {wire[i]};
        }
        assertThat(decode(single).frames).hasSize(2);
    }

    @Test
    void garbageBetweenFramesIsSkippedAndReported() {
        byte[] garbage = Fixtures.hex("00 A5 11 5A FF A5 5A 07 A5 5A 01 02 A5 5A 01 03 00 A5 5A 01 01 41");
        CollectingSink<Fgs1Frame> sink = decode(concat(garbage, Fgs1Codec.encode(frame(0, 3)),
                garbage, Fgs1Codec.encode(frame(3, 3))));
        assertThat(sink.frames).containsExactly(frame(0, 3), frame(3, 3));
        assertThat(sink.checksumErrors).isZero();
        assertThat(sink.skipped).isEqualTo(2 * garbage.length);
    }

    @Test
    void impossibleHeadersAreFalseStarts() {
        byte[] good = Fgs1Codec.encode(frame(9, 4));
        for (int[] bad : new int[][] {{2, 2}, {3, 2}, {3, 0}, {4, 0}, {4, 65}, {4, 0xFF}}) {
            byte[] wrong = good.clone();
            wrong[bad[0]] = (byte) bad[1];
            CollectingSink<Fgs1Frame> sink = decode(concat(wrong, good));
            assertThat(sink.frames).as("byte %d = %d", bad[0], bad[1]).containsExactly(frame(9, 4));
            assertThat(sink.checksumErrors).isZero(); // rejected at the header, not at the CRC
            assertThat(sink.skipped).isEqualTo(wrong.length);
        }
    }

    @Test
    void aBadCrcDropsTheFrameAndTheNextOneIsFound() {
        byte[] first = Fgs1Codec.encode(frame(0, 8));
        byte[] bad = Fgs1Codec.encode(frame(8, 8));
        bad[20] ^= 0x10;
        byte[] last = Fgs1Codec.encode(frame(16, 8));
        CollectingSink<Fgs1Frame> sink = decode(concat(first, bad, last));
        assertThat(sink.frames).containsExactly(frame(0, 8), frame(16, 8));
        assertThat(sink.checksumErrors).isEqualTo(1);
        assertThat(sink.skipped).isEqualTo(bad.length);
    }

    @Test
    void aFrameCutShortDoesNotHideTheFrameInsideIt() {
        // the board reset mid-frame: the header promises 64 samples, the next frame follows after 30 bytes
        byte[] cut = Arrays.copyOf(Fgs1Codec.encode(frame(0, 64)), 30);
        List<Fgs1Frame> next = List.of(frame(0, 2), frame(2, 2), frame(4, 2));
        byte[] wire = cut;
        for (Fgs1Frame f : next) {
            wire = concat(wire, Fgs1Codec.encode(f));
        }
        wire = concat(wire, Fgs1Codec.encode(frame(6, 64)), Fgs1Codec.encode(frame(70, 64)));
        CollectingSink<Fgs1Frame> sink = decode(wire);
        assertThat(sink.frames).containsExactly(frame(0, 2), frame(2, 2), frame(4, 2), frame(6, 64), frame(70, 64));
        assertThat(sink.checksumErrors).isEqualTo(1); // all 589 promised bytes were there: the CRC failed
        assertThat(sink.skipped).isEqualTo(cut.length);
    }

    @Test
    void aCorruptedLengthByteCostsOnlyItsFrameAndDoesNotHoldBackTheNext() {
        byte[] bad = Fgs1Codec.encode(frame(0, 2));
        bad[4] = 64; // claims 64 samples (589 bytes): the next good frame must not wait for them
        byte[] next = Fgs1Codec.encode(frame(2, 2));
        CollectingSink<Fgs1Frame> sink = decode(bad, next);
        assertThat(sink.frames).containsExactly(frame(2, 2));
        assertThat(sink.skipped).isEqualTo(bad.length);

        bad[4] = 3; // one sample more than sent: the CRC fails once the bytes are there
        sink = decode(bad, next, Fgs1Codec.encode(frame(4, 2)));
        assertThat(sink.frames).containsExactly(frame(2, 2), frame(4, 2));
    }

    @Test
    void aRateOfZeroDecodesAndMatchesNoConfig() {
        Fgs1Frame zero = new Fgs1Frame(1, 0, 5, new int[] {1});
        assertThat(decode(Fgs1Codec.encode(zero)).frames).containsExactly(zero);
    }

    @Test
    void framesThatCannotBeSentAreRefused() {
        assertThatThrownBy(() -> new Fgs1Frame(2, 3125, 0, new int[] {1, 2})).hasMessageContaining("axes");
        assertThatThrownBy(() -> new Fgs1Frame(3, 3125, 0, new int[] {1, 2})).hasMessageContaining("samples");
        assertThatThrownBy(() -> new Fgs1Frame(1, 3125, 0, new int[65])).hasMessageContaining("samples");
        assertThatThrownBy(() -> new Fgs1Frame(1, 3125, 0, new int[0])).hasMessageContaining("samples");
        assertThatThrownBy(() -> new Fgs1Frame(1, 3125, 1L << 32, new int[1])).hasMessageContaining("counter");
        assertThatThrownBy(() -> new Fgs1Frame(1, 70000, 0, new int[1])).hasMessageContaining("rate");
        assertThatThrownBy(() -> new Fgs1Frame(1, 3125, 0, new int[] {1 << 23})).hasMessageContaining("24 bits");
    }
}
