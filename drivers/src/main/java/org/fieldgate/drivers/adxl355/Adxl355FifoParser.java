package org.fieldgate.drivers.adxl355;

import java.util.Arrays;

/**
 * Turns bytes burst-read from FIFO_DATA into x/y/z triplets, keeping alignment on the x-axis
 * marker. Entries read from an empty FIFO are dropped. A triplet cut by the end of a read is kept
 * and completed by the next read (the driver reads whole triplets, so this happens only after a
 * glitch). Entries that cannot belong to a triplet (no x marker where one must be, a triplet cut
 * short) are dropped and counted: a {@link Batch#dropped()} above 0 means samples were lost.
 * Never throws on any input; never loses sync for longer than one triplet. Not thread-safe.
 */
public final class Adxl355FifoParser {

    /**
     * Triplets of one read, raw 20-bit samples.
     *
     * @param dropped entries that did not fit a triplet (lost samples)
     * @param empty   entries marked empty (read past the end of the FIFO: no loss)
     */
    public record Batch(int[] x, int[] y, int[] z, int dropped, int empty) {
        public int size() {
            return x.length;
        }
    }

    /** Entries of an unfinished triplet from the previous read (x first), as raw samples. */
    private final int[] carry = new int[2];
    private int carried;

    /** Parses {@code length} bytes from {@code offset}; a trailing part-entry (< 3 bytes) is dropped. */
    public Batch parse(byte[] bytes, int offset, int length) {
        int entries = length / Adxl355Codec.ENTRY_BYTES;
        int[] x = new int[entries / 3 + 1];
        int[] y = new int[x.length];
        int[] z = new int[x.length];
        int n = 0;
        int dropped = length % Adxl355Codec.ENTRY_BYTES == 0 ? 0 : 1;
        int empty = 0;
        int[] pending = new int[3];
        int have = carried;
        System.arraycopy(carry, 0, pending, 0, carried);
        carried = 0;
        for (int i = 0; i < entries; i++) {
            int at = offset + i * Adxl355Codec.ENTRY_BYTES;
            if (Adxl355Codec.isEmpty(bytes, at)) {
                empty++;
                continue;
            }
            boolean xAxis = Adxl355Codec.isXAxis(bytes, at);
            if (xAxis && have > 0) {
                dropped += have; // a triplet cut short: an x arrived before its z
                have = 0;
            }
            if (!xAxis && have == 0) {
                dropped++; // y or z without its x
                continue;
            }
            pending[have++] = Adxl355Codec.decode20(bytes, at);
            if (have == 3) {
                x[n] = pending[0];
                y[n] = pending[1];
                z[n] = pending[2];
                n++;
                have = 0;
            }
        }
        System.arraycopy(pending, 0, carry, 0, have);
        carried = have;
        return new Batch(Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(z, n), dropped, empty);
    }

    /** Parses all of {@code bytes}. */
    public Batch parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** Entries held back from the last read (0–2). */
    public int carried() {
        return carried;
    }

    /** Forgets a held-back part-triplet (after a FIFO overrun: what follows is not its rest). */
    public int reset() {
        int lost = carried;
        carried = 0;
        return lost;
    }
}
