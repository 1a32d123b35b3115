package org.fieldgate.drivers;

import java.util.Objects;

/**
 * One scalar value of one channel of a sensor at one time.
 *
 * @param channel channel name, e.g. {@code stage_m} (see the channel names in DESIGN.md)
 * @param time    milliseconds since the Unix epoch, UTC
 * @param value   the value in the channel's unit
 * @param quality quality flag
 */
public record Reading(String channel, long time, double value, Quality quality) {
    public Reading {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(quality, "quality");
    }

    /** This reading with another quality flag. */
    public Reading withQuality(Quality q) {
        return q == quality ? this : new Reading(channel, time, value, q);
    }
}
