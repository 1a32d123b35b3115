package org.fieldgate.drivers.sdi12;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SDI-12 (v1.4) commands and responses as ASCII text, pure: builds commands, parses the
 * {@code atttn} measurement response, {@code aDn!} value lists and {@code aI!} identification, and
 * computes and checks the CRC of the {@code aMC!} family. Responses are given without their
 * {@code <CR><LF>}. Parsers return empty for malformed input and never throw.
 */
public final class Sdi12Codec {

    private Sdi12Codec() {
    }

    /** True for a valid sensor address: {@code 0-9}, {@code a-z}, {@code A-Z}. */
    public static boolean validAddress(char a) {
        return (a >= '0' && a <= '9') || (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z');
    }

    /** {@code aM!}, or {@code aMC!} when the data should carry a CRC. */
    public static String measure(char address, boolean crc) {
        return address + (crc ? "MC!" : "M!");
    }

    /** {@code aDn!}, {@code n} 0–9. */
    public static String sendData(char address, int n) {
        if (n < 0 || n > 9) {
            throw new IllegalArgumentException("aD" + n + "! does not exist: D0 to D9");
        }
        return address + "D" + n + "!";
    }

    /** {@code aI!}. */
    public static String identify(char address) {
        return address + "I!";
    }

    /** {@code ?!}: asks the one sensor on the bus for its address (answer {@code a}). */
    public static String addressQuery() {
        return "?!";
    }

    /** The ASCII bytes of a command for the wire. */
    public static byte[] bytes(String command) {
        return command.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses the answer to {@code aM!}/{@code aMC!}: {@code atttn}, ttt the seconds until the data is
     * ready, n the number of values.
     */
    public static Optional<MeasureResponse> parseMeasure(String line) {
        if (line == null || line.length() != 5 || !validAddress(line.charAt(0))) {
            return Optional.empty();
        }
        for (int i = 1; i < 5; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(new MeasureResponse(line.charAt(0), Integer.parseInt(line.substring(1, 4)),
                line.charAt(4) - '0'));
    }

    /** The answer to {@code ?!} (or a service request): the address alone. */
    public static Optional<Character> parseAddress(String line) {
        return line != null && line.length() == 1 && validAddress(line.charAt(0))
                ? Optional.of(line.charAt(0)) : Optional.empty();
    }

    /**
     * Parses the answer to {@code aDn!}: the address, then values each with a sign and up to 7 digits
     * ({@code a+1.23-4.5+12}), then, when {@code crc}, three CRC characters. A response whose CRC is
     * wrong is {@link DataResponse#crcOk()} false and carries no values.
     */
    public static Optional<DataResponse> parseData(String line, boolean crc) {
        if (line == null || line.isEmpty() || !validAddress(line.charAt(0))) {
            return Optional.empty();
        }
        String body = line;
        if (crc) {
            if (line.length() < 4) {
                return Optional.empty();
            }
            body = line.substring(0, line.length() - 3);
            if (!crcChars(crc16(body)).equals(line.substring(line.length() - 3))) {
                return Optional.of(new DataResponse(line.charAt(0), List.of(), false));
            }
        }
        List<Double> values = values(body.substring(1));
        return values == null ? Optional.empty() : Optional.of(new DataResponse(line.charAt(0), values, true));
    }

    /** {@code +1.23-0.5+12} as numbers, or null when malformed. */
    static List<Double> values(String text) {
        List<Double> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i);
            if (sign != '+' && sign != '-') {
                return null;
            }
            int j = i + 1;
            int digits = 0;
            int dots = 0;
            while (j < text.length() && text.charAt(j) != '+' && text.charAt(j) != '-') {
                char c = text.charAt(j);
                if (c == '.') {
                    dots++;
                } else if (c >= '0' && c <= '9') {
                    digits++;
                } else {
                    return null;
                }
                j++;
            }
            if (digits < 1 || digits > 7 || dots > 1) {
                return null;
            }
            out.add(Double.parseDouble(text.substring(i, j)));
            i = j;
        }
        return out;
    }

    /**
     * Parses the answer to {@code aI!}: {@code a ll cccccccc mmmmmm vvv xxx…} (address, SDI-12
     * version, vendor, model, sensor version, optional serial/other, at most 13 characters).
     */
    public static Optional<Identification> parseIdentification(String line) {
        if (line == null || line.length() < 20 || line.length() > 33 || !validAddress(line.charAt(0))) {
            return Optional.empty();
        }
        String version = line.substring(1, 3);
        if (version.charAt(0) < '0' || version.charAt(0) > '9' || version.charAt(1) < '0' || version.charAt(1) > '9') {
            return Optional.empty();
        }
        for (char c : line.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                return Optional.empty();
            }
        }
        return Optional.of(new Identification(line.charAt(0), version.charAt(0) + "." + version.charAt(1),
                line.substring(3, 11).strip(), line.substring(11, 17).strip(), line.substring(17, 20).strip(),
                line.substring(20).strip()));
    }

    /** CRC-16/ARC (polynomial 0xA001 reflected, initial 0) over the ASCII of {@code text}. */
    public static int crc16(String text) {
        int crc = 0;
        for (int i = 0; i < text.length(); i++) {
            crc ^= text.charAt(i) & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** The three printable characters that carry a CRC on the line. */
    public static String crcChars(int crc) {
        return new String(new char[] {
                (char) (0x40 | (crc >> 12)),
                (char) (0x40 | ((crc >> 6) & 0x3F)),
                (char) (0x40 | (crc & 0x3F))});
    }

    /** {@code line} followed by its CRC characters (as a sensor answering {@code aMC!} sends it). */
    public static String withCrc(String line) {
        return line + crcChars(crc16(line));
    }

    /** @param seconds until the data is ready; @param count values the measurement gives (0–9) */
    public record MeasureResponse(char address, int seconds, int count) {
    }

    /** @param crcOk false when a CRC was expected and did not match (then {@code values} is empty) */
    public record DataResponse(char address, List<Double> values, boolean crcOk) {
        public DataResponse {
            values = List.copyOf(values);
        }
    }

    /** What {@code aI!} tells about a sensor. */
    public record Identification(char address, String sdiVersion, String vendor, String model,
                                 String sensorVersion, String other) {
        /** For logs: {@code SDI-12 1.3 VENDOR MODEL v123 SERIAL}. */
        public String describe() {
            return ("SDI-12 " + sdiVersion + " " + vendor + " " + model + " v" + sensorVersion + " " + other).strip();
        }
    }
}
