package org.fieldgate.drivers;

/**
 * A channel a driver reports, with its physical range: readings outside [min, max] are marked
 * {@link Quality#SUSPECT} by the driver.
 *
 * @param name     channel name, snake case (e.g. {@code pm2_5}, {@code stage_m})
 * @param unit     unit, e.g. {@code m}, {@code ug/m3}, {@code m/s2}
 * @param min      lowest physically possible value
 * @param max      highest physically possible value
 * @param waveform true when the channel is an axis of a waveform (delivered as {@link WaveformPacket})
 */
public record ChannelSpec(String name, String unit, double min, double max, boolean waveform) {

    public static ChannelSpec scalar(String name, String unit, double min, double max) {
        return new ChannelSpec(name, unit, min, max, false);
    }

    public static ChannelSpec axis(String name, String unit, double min, double max) {
        return new ChannelSpec(name, unit, min, max, true);
    }

    /** True when {@code value} lies inside the physical range. */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }
}
