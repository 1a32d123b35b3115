package org.fieldgate.gateway.mseed;

import java.nio.ByteBuffer;

/**
 * Steim-2 compression of 32-bit integer samples (SEED 2.4 manual, appendix B).
 *
 * <p>Data are 64-byte frames of sixteen big-endian 32-bit words. Word 0 of each frame holds
 * fifteen 2-bit codes, one per following word. Frame 0 words 1 and 2 carry the forward (X0 =
 * first sample) and reverse (Xn = last sample) integration constants. A code of 01 means four
 * 8-bit differences; 10 and 11 are refined by the word's top two bits ("dnib"): under 10,
 * dnib 01/10/11 = 1×30, 2×15, 3×10 bits; under 11, dnib 00/01/10 = 5×6, 6×5, 7×4 bits.
 *
 * <p>The first packed difference relates the first sample to the one before it (the previous
 * record's last sample); a decoder ignores it because X0 gives the first sample. For a
 * standalone block it is 0, as libmseed's {@code msr_encode_steim2} does.
 */
final class Steim2 {

    /** Bytes in one Steim frame. */
    public static final int FRAME_BYTES = 64;

    private static final int WORDS = 16;
    /** Differences per word for each packing, tried from densest to widest. */
    private static final int[] COUNTS = {7, 6, 5, 4, 3, 2, 1};
    private static final int[] BITS = {4, 5, 6, 8, 10, 15, 30};

    private Steim2() {
    }

    /** Samples packed into frames by {@link #encode}. */
    public record Packed(byte[] frames, int frameCount, int sampleCount) {
    }

    /**
     * Packs as many of {@code samples[offset .. offset+length)} as fit in {@code maxFrames}
     * frames.
     *
     * @param diff0 first difference: first sample minus the sample before it, or 0 if unknown
     * @throws IllegalArgumentException when a difference needs more than 30 bits
     */
    public static Packed encode(int[] samples, int offset, int length, int diff0, int maxFrames) {
        if (length <= 0 || maxFrames <= 0) {
            return new Packed(new byte[0], 0, 0);
        }
        ByteBuffer out = ByteBuffer.allocate(maxFrames * FRAME_BYTES); // big-endian
        int next = 0; // index (relative to offset) of the sample whose difference is packed next
        int frame = 0;
        while (frame < maxFrames && next < length) {
            int base = frame * FRAME_BYTES;
            int nibbles = 0;
            int firstWord = 1;
            if (frame == 0) {
                out.putInt(base + 4, samples[offset]);
                firstWord = 3;
            }
            for (int w = firstWord; w < WORDS && next < length; w++) {
                int packing = choosePacking(samples, offset, length, next, diff0);
                int n = COUNTS[packing];
                int bits = BITS[packing];
                int word = 0;
                int mask = (int) ((1L << bits) - 1);
                for (int k = 0; k < n; k++) {
                    word = (word << bits) | (difference(samples, offset, next + k, diff0) & mask);
                }
                int code;
                switch (n) {
                    case 4 -> code = 0b01;
                    case 1 -> { code = 0b10; word |= 0b01 << 30; }
                    case 2 -> { code = 0b10; word |= 0b10 << 30; }
                    case 3 -> { code = 0b10; word |= 0b11 << 30; }
                    case 5 -> code = 0b11; // dnib 00
                    case 6 -> { code = 0b11; word |= 0b01 << 30; }
                    default -> { code = 0b11; word |= 0b10 << 30; } // 7 x 4
                }
                out.putInt(base + 4 * w, word);
                nibbles |= code << (30 - 2 * w);
                next += n;
            }
            out.putInt(base, nibbles);
            frame++;
        }
        out.putInt(8, samples[offset + next - 1]); // Xn
        byte[] frames = new byte[frame * FRAME_BYTES];
        out.get(0, frames);
        return new Packed(frames, frame, next);
    }

    private static int difference(int[] samples, int offset, int index, int diff0) {
        return index == 0 ? diff0 : samples[offset + index] - samples[offset + index - 1];
    }

    private static int choosePacking(int[] samples, int offset, int length, int next, int diff0) {
        for (int p = 0; p < COUNTS.length; p++) {
            int n = COUNTS[p];
            if (next + n > length) {
                continue; // never pad: a decoder must not see differences beyond the samples
            }
            long limit = 1L << (BITS[p] - 1);
            boolean fits = true;
            for (int k = 0; k < n && fits; k++) {
                long d = next + k == 0 ? diff0
                        : (long) samples[offset + next + k] - samples[offset + next + k - 1];
                fits = d >= -limit && d < limit;
            }
            if (fits) {
                return p;
            }
        }
        throw new IllegalArgumentException("Steim-2 cannot represent a difference wider than 30 bits at sample "
                + (offset + next));
    }

    /**
     * Decodes {@code sampleCount} samples from {@code frameCount} frames starting at
     * {@code offset} of {@code data}.
     *
     * @throws MiniSeedException when the frames hold fewer samples than announced or the last
     *     sample differs from the reverse integration constant Xn
     */
    public static int[] decode(byte[] data, int offset, int frameCount, int sampleCount) {
        int[] out = new int[sampleCount];
        if (sampleCount == 0) {
            return out;
        }
        ByteBuffer in = ByteBuffer.wrap(data); // big-endian
        int x0 = in.getInt(offset + 4);
        int xn = in.getInt(offset + 8);
        int count = 0;
        int[] diffs = new int[7];
        boolean first = true;
        for (int f = 0; f < frameCount && count < sampleCount; f++) {
            int base = offset + f * FRAME_BYTES;
            int nibbles = in.getInt(base);
            for (int w = f == 0 ? 3 : 1; w < WORDS && count < sampleCount; w++) {
                int code = (nibbles >>> (30 - 2 * w)) & 0b11;
                int word = in.getInt(base + 4 * w);
                int n = unpack(code, word, diffs);
                for (int k = 0; k < n && count < sampleCount; k++) {
                    if (first) {
                        out[count++] = x0; // the first difference links to the previous record
                        first = false;
                    } else {
                        out[count] = out[count - 1] + diffs[k];
                        count++;
                    }
                }
            }
        }
        if (count < sampleCount) {
            throw new MiniSeedException("Steim-2 frames hold " + count + " samples, header says " + sampleCount);
        }
        if (out[count - 1] != xn) {
            throw new MiniSeedException("Steim-2 last sample " + out[count - 1] + " differs from Xn " + xn);
        }
        return out;
    }

    /** Unpacks one word into {@code diffs}; returns how many differences it holds. */
    private static int unpack(int code, int word, int[] diffs) {
        int dnib = (word >>> 30) & 0b11;
        switch (code) {
            case 0b00:
                return 0; // no data in this word
            case 0b01:
                for (int k = 0; k < 4; k++) {
                    diffs[k] = (byte) (word >>> (24 - 8 * k));
                }
                return 4;
            case 0b10:
                return switch (dnib) {
                    case 0b01 -> extract(word, 1, 30, diffs);
                    case 0b10 -> extract(word, 2, 15, diffs);
                    case 0b11 -> extract(word, 3, 10, diffs);
                    default -> throw new MiniSeedException("Steim-2 invalid dnib 00 under code 10");
                };
            default:
                return switch (dnib) {
                    case 0b00 -> extract(word, 5, 6, diffs);
                    case 0b01 -> extract(word, 6, 5, diffs);
                    case 0b10 -> extract(word, 7, 4, diffs);
                    default -> throw new MiniSeedException("Steim-2 invalid dnib 11 under code 11");
                };
        }
    }

    private static int extract(int word, int n, int bits, int[] diffs) {
        for (int k = 0; k < n; k++) {
            int shift = bits * (n - 1 - k);
            // shift the field to the top, then arithmetic-shift back down to sign-extend it
            diffs[k] = (word >>> shift) << (32 - bits) >> (32 - bits);
        }
        return n;
    }
}
