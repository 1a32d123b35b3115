package org.fieldgate.drivers.bgeigie;

import java.util.List;
import org.fieldgate.drivers.CountRate;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

/**
 * A sentence's readings ({@link CountRate}). A sentence the
 * logger marks {@code V} (its minute count is not valid yet) gives {@code suspect} readings: they are
 * kept and sent, and never raise or clear an alarm.
 */
final class BgeigieReadings {

    private final CountRate rate;
    private final Double fastAboveUsvH;

    BgeigieReadings(double cpmPerUsvH) {
        this(cpmPerUsvH, null);
    }

    /** @param fastAboveUsvH above this dose rate the last 5 s count × 12 is reported; null = never */
    BgeigieReadings(double cpmPerUsvH, Double fastAboveUsvH) {
        this.rate = new CountRate(cpmPerUsvH);
        this.fastAboveUsvH = fastAboveUsvH;
    }

    /**
     * The counts per minute to report: the minute count, or above {@code fast_above_usv_h} (by either
     * count) the last 5 s × 12, which follows a rising plume within seconds instead of a minute.
     */
    long cpm(BgeigieSentence s) {
        if (fastAboveUsvH == null) {
            return s.cpm();
        }
        long fast = s.count5s() * 12;
        double limit = fastAboveUsvH * rate.cpmPerUsvH();
        return Math.max(s.cpm(), fast) > limit ? fast : s.cpm();
    }

    /** The sentence's {@code cpm} and {@code dose_usv_h}, and the last block's {@code dose_usv_h_10m} when one ended. */
    List<Reading> readings(BgeigieSentence s, long time) {
        return rate.readings(time, cpm(s), s.valid() ? Quality.OK : Quality.SUSPECT);
    }
}
