package org.fieldgate.drivers.bgeigie;

import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

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
    private final TenMinuteMean tenMinutes = new TenMinuteMean();

    BgeigieReadings(double cpmPerUsvH) {
        this.cpmPerUsvH = cpmPerUsvH;
    }

    /** The sentence's {@code cpm} and {@code dose_usv_h}, and the last block's {@code dose_usv_h_10m} when one ended. */
    List<Reading> readings(BgeigieSentence s, long time) {
        Quality q = s.valid() ? Quality.OK : Quality.SUSPECT;
        double dose = Math.round(s.cpm() / cpmPerUsvH * 10_000.0) / 10_000.0;
        Quality doseQuality = DOSE.inRange(dose) ? q : Quality.SUSPECT;
        List<Reading> out = new java.util.ArrayList<>(3);
        tenMinutes.add(time, dose, doseQuality == Quality.OK).ifPresent(m ->
                out.add(new Reading(DOSE_10M.name(), m.time(), m.value(), Quality.OK)));
        out.add(new Reading(CPM.name(), time, s.cpm(), CPM.inRange(s.cpm()) ? q : Quality.SUSPECT));
        out.add(new Reading(DOSE.name(), time, dose, doseQuality));
        return out;
    }
}
