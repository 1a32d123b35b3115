package org.fieldgate.gateway.mseed;

import java.util.Arrays;
import java.util.List;

/**
 * The partial record of one axis: integer counts and their times, packed into a full record as soon
 * as more samples are buffered than one record holds. Consecutive records of a continuous series
 * chain their first Steim-2 difference to the previous record's last sample.
 */
final class AxisRecords {

    private final MiniSeedCodes codes;
    private final String channel;
    private final int recordLength;
    private MiniSeedWriter writer;
    private int[] counts = new int[64];
    private long[] micros = new long[64];
    private int size;
    /** A series is open: the next sample continues it if it comes on time. */
    private boolean inSeries;
    private long lastMicros;
    /** The previous record of the series was emitted; its last sample links the next record. */
    private boolean chained;
    private int previousLast;

    AxisRecords(MiniSeedCodes codes, String channel, int recordLength) {
        this.codes = codes;
        this.channel = channel;
        this.recordLength = recordLength;
    }

    /**
     * Appends one sample. A sample off the expected time (previous sample + one period) by more than
     * half a period, or at another rate, first closes the series: its partial records go to
     * {@code out}.
     */
    void append(long sampleMicros, double rate, int count, List<byte[]> out) {
        if (inSeries) {
            double period = 1e6 / rate;
            boolean onTime = Math.abs(sampleMicros - lastMicros - period) <= period / 2;
            if (!onTime || rate != writer.sampleRate()) {
                breakSeries(out);
            }
        }
        if (writer == null || rate != writer.sampleRate()) {
            writer = new MiniSeedWriter(codes.network(), codes.station(), codes.location(), channel, rate, recordLength);
        }
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            micros = Arrays.copyOf(micros, size * 2);
        }
        counts[size] = count;
        micros[size] = sampleMicros;
        size++;
        inSeries = true;
        lastMicros = sampleMicros;
    }

    /**
     * Emits every record that is full, keeping the rest. A record that leaves samples over is the
     * record the whole series would give: the packer takes the densest packing that fits the next
     * differences, and when samples run short it can only take a sparser one that uses them all.
     * So records do not depend on how the series was cut into packets.
     */
    void emitFull(List<byte[]> out) {
        // every word holds at least one difference: up to that many samples no record is full
        int surelyFits = writer == null ? Integer.MAX_VALUE : writer.maxFrames() * 15 - 2;
        while (size > surelyFits) {
            Steim2.Packed packed = writer.pack(counts, 0, size, diff0());
            if (packed.sampleCount() == size) {
                return;
            }
            emit(packed, out);
        }
    }

    /** Emits the partial record(s) now; the series goes on, the next record chains to them. */
    void emitPartial(List<byte[]> out) {
        while (size > 0) {
            emit(writer.pack(counts, 0, size, diff0()), out);
        }
    }

    /**
     * The partial record(s) {@link #emitPartial} would emit now, leaving the buffer as it is (so the
     * pipeline can keep a copy on disk while the record fills). Each call numbers its records anew.
     */
    void peekPartial(List<byte[]> out) {
        int from = 0;
        int diff0 = diff0();
        while (from < size) {
            Steim2.Packed packed = writer.pack(counts, from, size - from, diff0);
            int n = packed.sampleCount();
            out.add(writer.record(micros[from], packed));
            from += n;
            if (from < size) {
                diff0 = counts[from] - counts[from - 1];
            }
        }
    }

    /** Emits the partial record(s) and ends the series: the next sample starts a new one. */
    void breakSeries(List<byte[]> out) {
        emitPartial(out);
        inSeries = false;
        chained = false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the oldest buffered sample; only when not {@link #isEmpty()}. */
    long firstMicros() {
        return micros[0];
    }

    int buffered() {
        return size;
    }

    private int diff0() {
        return chained ? counts[0] - previousLast : 0;
    }

    private void emit(Steim2.Packed packed, List<byte[]> out) {
        int n = packed.sampleCount();
        out.add(writer.record(micros[0], packed));
        previousLast = counts[n - 1];
        chained = true;
        size -= n;
        System.arraycopy(counts, n, counts, 0, size);
        System.arraycopy(micros, n, micros, 0, size);
    }
}
