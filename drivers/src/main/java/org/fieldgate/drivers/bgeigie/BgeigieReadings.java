package org.fieldgate.drivers.bgeigie;

import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

/**
 * A sentence's readings: {@code cpm} and {@code dose_usv_h = cpm / cpm_per_usv_h}. A sentence the
 * logger marks {@code V} (its minute count is not valid yet) gives {@code suspect} readings: they are
 * kept and sent, and never raise or clear an alarm.
 */
final class BgeigieReadings {

    static final ChannelSpec CPM = ChannelSpec.scalar("cpm", "cpm", 0, 1_000_000);
    static final ChannelSpec DOSE = ChannelSpec.scalar("dose_usv_h", "uSv/h", 0, 10_000);

    private final double cpmPerUsvH;

    BgeigieReadings(double cpmPerUsvH) {
        this.cpmPerUsvH = cpmPerUsvH;
    }

    List<Reading> readings(BgeigieSentence s, long time) {
        Quality q = s.valid() ? Quality.OK : Quality.SUSPECT;
        double dose = Math.round(s.cpm() / cpmPerUsvH * 10_000.0) / 10_000.0;
        return List.of(new Reading(CPM.name(), time, s.cpm(), CPM.inRange(s.cpm()) ? q : Quality.SUSPECT),
                new Reading(DOSE.name(), time, dose, DOSE.inRange(dose) ? q : Quality.SUSPECT));
    }
}
