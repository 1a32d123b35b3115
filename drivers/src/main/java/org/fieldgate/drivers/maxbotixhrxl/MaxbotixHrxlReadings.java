package org.fieldgate.drivers.maxbotixhrxl;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

/**
 * Turns a range into readings: {@code distance_m}, and {@code stage_m = datum_m - distance_m} when a
 * datum is configured, both to the millimetre. A range at or below the model's minimum (what the
 * sensor reports for a target inside its blanking distance) or at or above its maximum (what it
 * reports when it hears no echo) is not a measurement of the water: both readings are then
 * {@code suspect}.
 */
final class MaxbotixHrxlReadings {

    static final ChannelSpec DISTANCE = ChannelSpec.scalar("distance_m", "m", 0, 10);
    static final ChannelSpec STAGE = ChannelSpec.scalar("stage_m", "m", -50, 100);
    static final ChannelSpec SEA_LEVEL = ChannelSpec.scalar("sea_level_m", "m", -50, 100);

    private final int minMm;
    private final int maxMm;
    private final Double datumM;
    private final String levelChannel;

    /**
     * @param datumM       height of the sensor face above the station datum, m; null for no level
     * @param levelChannel the level's channel ({@code stage_m} or {@code sea_level_m})
     */
    MaxbotixHrxlReadings(int minMm, int maxMm, Double datumM, String levelChannel) {
        this.minMm = minMm;
        this.maxMm = maxMm;
        this.datumM = datumM;
        this.levelChannel = levelChannel;
    }

    /** The level's channel for {@code stage.channel}. */
    static ChannelSpec level(String channel) {
        return SEA_LEVEL.name().equals(channel) ? SEA_LEVEL : STAGE;
    }

    /** True when the sensor reported its blanking or no-target value rather than a range. */
    boolean special(HrxlRange range) {
        return range.millimetres() <= minMm || range.millimetres() >= maxMm;
    }

    List<Reading> readings(HrxlRange range, long time) {
        Quality q = special(range) ? Quality.SUSPECT : Quality.OK;
        double distance = range.millimetres() / 1000.0;
        List<Reading> out = new ArrayList<>(2);
        out.add(new Reading(DISTANCE.name(), time, distance, q));
        if (datumM != null) {
            double stage = Math.round((datumM - distance) * 1000.0) / 1000.0;
            out.add(new Reading(levelChannel, time, stage, q));
        }
        return out;
    }
}
