package org.fieldgate.drivers;

import java.util.Optional;

/**
 * The 10-minute mean dose rate that national networks exchange (EURDEP, NADAM), for the radiation
 * drivers' {@code dose_usv_h_10m}: the mean of the
 * valid readings of each clock-aligned 10-minute block, given once the block is over, stamped with
 * the block's end. A block whose valid readings span less than half of it (the logger started, a
 * cable was pulled) gives none.
 */
public final class TenMinuteMean {

    public static final long BLOCK_MS = 600_000;

    /** A finished block's mean, at the block's end. */
    public record Mean(long time, double value) {
    }

    private long block = Long.MIN_VALUE;
    private long first;
    private long last;
    private double sum;
    private int count;

    /** Takes a reading; returns the previous block's mean when this reading starts a new block. */
    public Optional<Mean> add(long t, double value, boolean valid) {
        long b = Math.floorDiv(t, BLOCK_MS);
        Optional<Mean> done = Optional.empty();
        if (b != block) {
            if (count > 0 && last - first >= BLOCK_MS / 2) {
                done = Optional.of(new Mean((block + 1) * BLOCK_MS, Math.round(sum / count * 10_000.0) / 10_000.0));
            }
            block = b;
            sum = 0;
            count = 0;
        }
        if (valid && b == block) {
            if (count == 0) {
                first = t;
            }
            last = t;
            sum += value;
            count++;
        }
        return done;
    }
}
