package org.fieldgate.gateway.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as the config writes them: bytes ({@code 1048576}) or a whole number with a binary unit
 * ({@code 64KB} = 64 × 1024, {@code 512MB}, {@code 2GB}, {@code 1TB}).
 */
final class SizeText {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?");
    static final String HINT = "(use 64KB, 512MB, 2GB or a number of bytes)";

    private SizeText() {
    }

    /**
     * Parses a size to bytes.
     *
     * @throws IllegalArgumentException with a message like {@code bad size '2 gigs' (use ...)}
     */
    public static long parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "' " + HINT);
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
    }
}
