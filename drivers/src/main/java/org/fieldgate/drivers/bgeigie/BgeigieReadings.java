package org.fieldgate.drivers.bgeigie;

import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.TenMinuteMean;

/**
 * A sentence's readings: {@code cpm} and {@code dose_usv_h = cpm / cpm_per_usv_h}, and every 10
 * minutes {@code dose_usv_h_10m} ({@link TenMinuteMean}). A sentence the
 * logger marks {@code V} (its minute count is not valid yet) gives {@code suspect} readings: they are
 * kept and sent, and never raise or clear an alarm.
 */
final class BgeigieReadings {

    static final ChannelSpec CPM = ChannelSpec.scalar("cpm", "cpm", 0, 1_000_000);
    static final ChannelSpec DOSE = ChannelSpec.scalar("dose_usv_h", "uSv/h", 0, 10_000);
    static final ChannelSpec DOSE_10M = ChannelSpec.scalar("dose_usv_h_10m", "uSv/h", 0, 10_000);

    private final double cpmPerUsvH;
    private final Double fastAboveUsvH;
    private final TenMinuteMean tenMinutes = new TenMinuteMean();

    BgeigieReadings(double cpmPerUsvH) {
        this(cpmPerUsvH, null);
    }

    /** @param fastAboveUsvH above this dose rate the last 5 s count × 12 is reported; null = never */
    BgeigieReadings(double cpmPerUsvH, Double fastAboveUsvH) {
        this.cpmPerUsvH = cpmPerUsvH;
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
        double limit = fastAboveUsvH * cpmPerUsvH;
        return Math.max(s.cpm(), fast) > limit ? fast : s.cpm();
    }

    /** The sentence's {@code cpm} and {@code dose_usv_h}, and the last block's {@code dose_usv_h_10m} when one ended. */
    List<Reading> readings(BgeigieSentence s, long time) {
        Quality q = s.valid() ? Quality.OK : Quality.SUSPECT;
        long cpm = cpm(s);
        double dose = Math.round(cpm / cpmPerUsvH * 10_000.0) / 10_000.0;
        Quality doseQuality = DOSE.inRange(dose) ? q : Quality.SUSPECT;
        List<Reading> out = new java.util.ArrayList<>(3);
        tenMinutes.add(time, dose, doseQuality == Quality.OK).ifPresent(m ->
                out.add(new Reading(DOSE_10M.name(), m.time(), m.value(), Quality.OK)));
        out.add(new Reading(CPM.name(), time, cpm, CPM.inRange(cpm) ? q : Quality.SUSPECT));
        out.add(new Reading(DOSE.name(), time, dose, doseQuality));
        return out;
    }
}
