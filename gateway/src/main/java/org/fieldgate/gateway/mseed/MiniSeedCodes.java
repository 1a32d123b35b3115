package org.fieldgate.gateway.mseed;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The SEED stream codes of one waveform sensor: {@code NET.STA.LOC} and a channel code per axis.
 * Codes are upper-case letters and digits (SEED 2.4 manual, chapter 8: fixed header fields 3–6).
 *
 * @param network  1–2 characters, e.g. {@code MX}
 * @param station  1–5 characters
 * @param location 0–2 characters ({@code ""} for none)
 * @param channels axis name ({@code x}, {@code y}, {@code z}) to its 3-character channel code, in
 *                 the order records are emitted
 */
public record MiniSeedCodes(String network, String station, String location, Map<String, String> channels) {

    public MiniSeedCodes {
        location = location == null ? "" : location;
        check("network", network, 1, 2);
        check("station", station, 1, 5);
        check("location", location, 0, 2);
        Objects.requireNonNull(channels, "channels");
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("miniSEED channel codes: at least one axis needs a channel code");
        }
        for (Map.Entry<String, String> e : channels.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("miniSEED channel codes: an axis name is empty");
            }
            check("channel (axis " + e.getKey() + ")", e.getValue(), 3, 3);
        }
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
    }

    /**
     * Codes for a 3-component accelerometer: band code from the sample rate ({@link #bandCode}),
     * instrument code {@code N} (accelerometer), orientation {@code x → E}, {@code y → N},
     * {@code z → Z}. That is the usual mounting of OpenEEW sensors (horizontal x/y, vertical z);
     * OpenEEW's own device metadata names the vertical axis per device, so a sensor mounted otherwise
     * overrides its axes with {@link #withChannel}.
     *
     * @throws IllegalArgumentException for an axis other than x, y, z, a rate without a band code,
     *     or a bad code
     */
    public static MiniSeedCodes defaults(String network, String station, String location, double sampleRate,
                                         Collection<String> axes) {
        char band = bandCode(sampleRate);
        Map<String, String> channels = new LinkedHashMap<>();
        for (String axis : axes) {
            char orientation = switch (axis) {
                case "x" -> 'E';
                case "y" -> 'N';
                case "z" -> 'Z';
                default -> throw new IllegalArgumentException("miniSEED channel codes: no default orientation for axis '"
                        + axis + "' (x → E, y → N, z → Z); give its channel code");
            };
            channels.put(axis, "" + band + 'N' + orientation);
        }
        return new MiniSeedCodes(network, station, location, channels);
    }

    /** The same codes with {@code axis} written as {@code channel} (added if new). */
    public MiniSeedCodes withChannel(String axis, String channel) {
        Map<String, String> c = new LinkedHashMap<>(channels);
        c.put(axis, channel);
        return new MiniSeedCodes(network, station, location, c);
    }

    /** The channel code of an axis. */
    public String channel(String axis) {
        String c = channels.get(axis);
        if (c == null) {
            throw new IllegalArgumentException("miniSEED: no channel code for axis '" + axis + "' (codes for "
                    + channels.keySet() + ")");
        }
        return c;
    }

    /**
     * SEED band code (manual appendix A) for an instrument with a long corner period, as an
     * accelerometer is (flat response to DC): ≥ 1000 to &lt; 5000 Hz {@code F}, ≥ 250 {@code C},
     * ≥ 80 {@code H}, ≥ 10 {@code B}, &gt; 1 {@code M}, ≈ 1 ({@code 0.5 < rate <= 1}) {@code L},
     * ≈ 0.1 {@code V}, ≈ 0.01 {@code U}. Below the short-period codes ({@code E}, {@code S}) are for
     * corner periods under 10 s (geophones), which an accelerometer is not.
     */
    static char bandCode(double sampleRate) {
        if (sampleRate >= 5000 || !(sampleRate > 0.005)) {
            throw new IllegalArgumentException("miniSEED: no SEED band code for sample rate " + sampleRate
                    + " Hz; give the channel codes explicitly");
        }
        if (sampleRate >= 1000) {
            return 'F';
        } else if (sampleRate >= 250) {
            return 'C';
        } else if (sampleRate >= 80) {
            return 'H';
        } else if (sampleRate >= 10) {
            return 'B';
        } else if (sampleRate > 1) {
            return 'M';
        } else if (sampleRate > 0.5) {
            return 'L';
        } else if (sampleRate > 0.05) {
            return 'V';
        }
        return 'U';
    }

    private static void check(String what, String code, int min, int max) {
        if (code == null || code.length() < min || code.length() > max || !code.chars().allMatch(
                c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            String length = min == max ? min + "" : min + "–" + max;
            throw new IllegalArgumentException("miniSEED " + what + " code '" + code + "' must be " + length
                    + " characters A–Z, 0–9");
        }
    }
}
