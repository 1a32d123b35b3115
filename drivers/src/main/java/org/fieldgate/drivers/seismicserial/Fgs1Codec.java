package org.fieldgate.drivers.seismicserial;

import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * The FGS1 framed binary protocol of a serial seismic digitizer, pure (docs/drivers/seismic-serial.md).
 * All integers little-endian:
 * <pre>
 * A5 5A | version u8 = 1 | axes u8 (1|3) | n u8 (1..64) | rate u16 (0.01 Hz) | counter u32
 *       | n × axes × int24 counts (x, y, z per sample) | crc u16
 * </pre>
 * The CRC is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final xor) over every
 * byte from {@code version} to the last sample byte. The encoder is in main code so that a bench
 * simulator or a technician's probe can speak the protocol too; the test emulator uses it.
 */
public final class Fgs1Codec {

    static final int SYNC0 = 0xA5;
    static final int SYNC1 = 0x5A;
    public static final int VERSION = 1;
    /** Bytes before the samples: sync, version, axes, n, rate, counter. */
    public static final int HEADER_LENGTH = 11;
    /** The longest frame: 64 samples of 3 axes. */
    public static final int MAX_FRAME_LENGTH = length(3, Fgs1Frame.MAX_SAMPLES);

    private Fgs1Codec() {
    }

    /** Bytes of a frame of {@code n} samples of {@code axes} axes. */
    public static int length(int axes, int n) {
        return HEADER_LENGTH + 3 * axes * n + 2;
    }

    /** The bytes of {@code f} on the wire. */
    public static byte[] encode(Fgs1Frame f) {
        int[] counts = f.counts();
        byte[] b = new byte[length(f.axes(), f.n())];
        b[0] = (byte) SYNC0;
        b[1] = (byte) SYNC1;
        b[2] = VERSION;
        b[3] = (byte) f.axes();
        b[4] = (byte) f.n();
        b[5] = (byte) f.rateCentiHz();
        b[6] = (byte) (f.rateCentiHz() >> 8);
        for (int i = 0; i < 4; i++) {
            b[7 + i] = (byte) (f.counter() >> (8 * i));
        }
        int p = HEADER_LENGTH;
        for (int c : counts) {
            b[p++] = (byte) c;
            b[p++] = (byte) (c >> 8);
            b[p++] = (byte) (c >> 16);
        }
        int crc = crc(b, 2, p - 2);
        b[p] = (byte) crc;
        b[p + 1] = (byte) (crc >> 8);
        return b;
    }

    /** CRC-16/CCITT-FALSE of {@code len} bytes from {@code off}; check("123456789") = 0x29B1. */
    public static int crc(byte[] b, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    /** A fresh stream decoder (one per link session). */
    public static StreamDecoder<Fgs1Frame> decoder() {
        return new Decoder();
    }

    /**
     * Scans for {@code A5 5A} followed by a possible header (version 1, axes 1 or 3, n 1..64), waits
     * for the length that header gives, and checks the CRC. An impossible header or a bad CRC means
     * a false start: skip one byte and scan on from the byte after it, so a real frame that begins
     * inside a torn or corrupted one is still found. While it waits, a complete good frame further on
     * also ends the wait (a corrupted {@code n} would otherwise delay the stream by up to one longest
     * frame). Never throws.
     */
    private static final class Decoder implements StreamDecoder<Fgs1Frame> {
        // room for an incomplete frame plus a full frame of new bytes, so every scan makes progress
        private final byte[] buf = new byte[2 * MAX_FRAME_LENGTH];
        private int len;
        private int skipped;

        @Override
        public void feed(byte[] in, int off, int count, FrameSink<Fgs1Frame> sink) {
            while (count > 0) {
                int k = Math.min(count, buf.length - len);
                System.arraycopy(in, off, buf, len, k);
                len += k;
                off += k;
                count -= k;
                scan(sink);
            }
            flushSkipped(sink);
        }

        private void scan(FrameSink<Fgs1Frame> sink) {
            int p = 0;
            while (p < len) {
                int have = len - p;
                if (!plausible(p, have)) {
                    p++;
                    skipped++;
                    continue;
                }
                if (have < HEADER_LENGTH) {
                    break;
                }
                int axes = buf[p + 3];
                int n = buf[p + 4];
                int total = length(axes, n);
                if (have < total) {
                    // a corrupted n byte must not hold back the frames behind it until 589 bytes came
                    int q = completeFrameAfter(p);
                    if (q < 0) {
                        break;
                    }
                    skipped += q - p;
                    p = q;
                    continue;
                }
                flushSkipped(sink);
                int sent = (buf[p + total - 2] & 0xFF) | (buf[p + total - 1] & 0xFF) << 8;
                if (crc(buf, p + 2, total - 4) != sent) {
                    sink.checksumError();
                    p++; // the next frame may begin inside this one
                    skipped++;
                    continue;
                }
                sink.frame(decode(p, axes, n));
                p += total;
            }
            System.arraycopy(buf, p, buf, 0, len - p);
            len -= p;
        }

        /**
         * The start of the first complete frame with a good CRC after {@code p}, or -1. While the
         * header at {@code p} promises more bytes than have come, such a frame proves it a false
         * start (a real frame holds one only with a chance of about 2⁻⁵⁰).
         */
        private int completeFrameAfter(int p) {
            for (int q = p + 1; q + HEADER_LENGTH <= len; q++) {
                if (plausible(q, HEADER_LENGTH)) {
                    int total = length(buf[q + 3], buf[q + 4]);
                    if (q + total <= len) {
                        int sent = (buf[q + total - 2] & 0xFF) | (buf[q + total - 1] & 0xFF) << 8;
                        if (crc(buf, q + 2, total - 4) == sent) {
                            return q;
                        }
                    }
                }
            }
            return -1;
        }

        /** Whether the {@code have} bytes from {@code p} can start a frame, as far as they go. */
        private boolean plausible(int p, int have) {
            if ((buf[p] & 0xFF) != SYNC0) {
                return false;
            }
            if (have > 1 && (buf[p + 1] & 0xFF) != SYNC1) {
                return false;
            }
            if (have > 2 && buf[p + 2] != VERSION) {
                return false;
            }
            if (have > 3 && buf[p + 3] != 1 && buf[p + 3] != 3) {
                return false;
            }
            return have <= 4 || (buf[p + 4] >= 1 && buf[p + 4] <= Fgs1Frame.MAX_SAMPLES);
        }

        private Fgs1Frame decode(int p, int axes, int n) {
            int rate = (buf[p + 5] & 0xFF) | (buf[p + 6] & 0xFF) << 8;
            long counter = 0;
            for (int i = 0; i < 4; i++) {
                counter |= (long) (buf[p + 7 + i] & 0xFF) << (8 * i);
            }
            int[] counts = new int[n * axes];
            int q = p + HEADER_LENGTH;
            for (int i = 0; i < counts.length; i++, q += 3) {
                int raw = (buf[q] & 0xFF) | (buf[q + 1] & 0xFF) << 8 | (buf[q + 2] & 0xFF) << 16;
                counts[i] = raw << 8 >> 8; // sign-extend 24 to 32 bits
            }
            return new Fgs1Frame(axes, rate, counter, counts);
        }

        private void flushSkipped(FrameSink<Fgs1Frame> sink) {
            if (skipped > 0) {
                int s = skipped;
                skipped = 0;
                sink.resync(s);
            }
        }
    }
}
