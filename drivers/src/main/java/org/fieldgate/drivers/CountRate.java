package org.fieldgate.drivers;

import java.util.ArrayList;
import java.util.List;

/**
 * What every radiation counter driver gives for one count rate: {@code cpm}, {@code dose_usv_h =
 * cpm / cpm_per_usv_h} (the tube's factor, to 0.1 nSv/h), and every 10 minutes
 * {@code dose_usv_h_10m} ({@link TenMinuteMean}), the value national networks exchange. A reading
 * out of its channel's range is {@code suspect}; a suspect count never enters the 10-minute mean.
 */
public final class CountRate {

    public static final ChannelSpec CPM = ChannelSpec.scalar("cpm", "cpm", 0, 1_000_000);
    public static final ChannelSpec DOSE = ChannelSpec.scalar("dose_usv_h", "uSv/h", 0, 10_000);
    public static final ChannelSpec DOSE_10M = ChannelSpec.scalar("dose_usv_h_10m", "uSv/h", 0, 10_000);
    /** The three channels, in the order drivers declare them. */
    public static final List<ChannelSpec> CHANNELS = List.of(CPM, DOSE, DOSE_10M);

    private final double cpmPerUsvH;
    private final TenMinuteMean tenMinutes = new TenMinuteMean();

    /** @param cpmPerUsvH the tube's counts per minute per µSv/h */
    public CountRate(double cpmPerUsvH) {
        this.cpmPerUsvH = cpmPerUsvH;
    }

    public double cpmPerUsvH() {
        return cpmPerUsvH;
    }

    /** The dose rate of {@code cpm}, to 0.1 nSv/h. */
    public double dose(long cpm) {
        return Math.round(cpm / cpmPerUsvH * 10_000.0) / 10_000.0;
    }

    /**
     * The 10-minute mean when {@code time} starts a new block, then {@code cpm} and {@code dose_usv_h}
     * at {@code time}, of quality {@code quality} unless out of range.
     */
    public List<Reading> readings(long time, long cpm, Quality quality) {
        double dose = dose(cpm);
        Quality doseQuality = DOSE.inRange(dose) ? quality : Quality.SUSPECT;
        List<Reading> out = new ArrayList<>(4);
        tenMinutes.add(time, dose, doseQuality == Quality.OK).ifPresent(m ->
                out.add(new Reading(DOSE_10M.name(), m.time(), m.value(), Quality.OK)));
        out.add(new Reading(CPM.name(), time, cpm, CPM.inRange(cpm) ? quality : Quality.SUSPECT));
        out.add(new Reading(DOSE.name(), time, dose, doseQuality));
        return out;
    }
}
