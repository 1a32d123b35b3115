package org.fieldgate.drivers.sds011;

import java.util.Arrays;

/**
 * A 10-byte frame from an SDS011: {@code AA C0 …} (measurement) or {@code AA C5 …} (reply to a
 * command), with its six payload bytes (bytes 2..7 on the wire).
 *
 * @param type    {@link Sds011Codec#DATA} (0xC0) or {@link Sds011Codec#REPLY} (0xC5)
 * @param payload the six bytes between the type and the checksum, each 0..255
 */
public record Sds011Frame(int type, int[] payload) {

    public Sds011Frame {
        if (payload.length != 6) {
            throw new IllegalArgumentException("an SDS011 frame has 6 payload bytes, got " + payload.length);
        }
        payload = payload.clone();
    }

    @Override
    public int[] payload() {
        return payload.clone();
    }

    public boolean isData() {
        return type == Sds011Codec.DATA;
    }

    /** PM2.5 in µg/m³ (little-endian tenths). */
    public double pm25() {
        return (payload[0] | payload[1] << 8) / 10.0;
    }

    /** PM10 in µg/m³ (little-endian tenths). */
    public double pm10() {
        return (payload[2] | payload[3] << 8) / 10.0;
    }

    /** The sensor's 16-bit id (bytes 6 and 7 on the wire, as printed: {@code 58 D9} → 0x58D9). */
    public int deviceId() {
        return payload[4] << 8 | payload[5];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sds011Frame f && f.type == type && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Sds011Frame[" + Integer.toHexString(type) + " " + Arrays.toString(payload) + "]";
    }
}
