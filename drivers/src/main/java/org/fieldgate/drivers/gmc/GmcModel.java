package org.fieldgate.drivers.gmc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a GMC counter's {@code <GETVER>>} reply says about how it answers: GMC-300 and 320
 * (GQ-RFC1201) send a 14-byte version, a 2-byte CPM and a 1-byte battery voltage; GMC-500+, 600 and
 * 800 (GQ-RFC1801) a 15-byte version and a 4-byte CPM. Pure.
 *
 * @param version  the version text, e.g. {@code GMC-300Re 4.54}
 * @param cpmBytes the length of a {@code <GETCPM>>} reply
 * @param hasVolt  {@code <GETVOLT>>} answers one byte, volts × 10
 */
public record GmcModel(String version, int cpmBytes, boolean hasVolt) {

    /** The longest version reply (GQ-RFC1801). */
    static final int MAX_VERSION = 15;

    /** The model of a version reply, or empty when it is not a GMC's. */
    public static Optional<GmcModel> of(byte[] reply, int length) {
        String text = new String(reply, 0, length, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith("GMC-") || text.length() < 7) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.empty();
            }
        }
        char series = text.charAt(4);
        boolean rfc1801 = series == '5' || series == '6' || series == '8';
        return Optional.of(new GmcModel(text, rfc1801 ? 4 : 2, !rfc1801));
    }

    /** A {@code <GETCPM>>} reply of this model's length, most significant byte first. */
    public long cpm(byte[] reply) {
        long v = 0;
        for (int i = 0; i < cpmBytes; i++) {
            v = (v << 8) | (reply[i] & 0xff);
        }
        return v;
    }

    /** The ASCII command {@code <NAME>>}. */
    public static byte[] command(String name) {
        return ("<" + name + ">>").getBytes(StandardCharsets.US_ASCII);
    }
}
