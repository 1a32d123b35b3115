package org.fieldgate.drivers;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the config writes them: a non-negative number and a unit, {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d}; a decimal amount is allowed ({@code 1.5s}), down to whole
 * milliseconds. Units are lower case and follow the number directly, as in the JSON Schema.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the expected form when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected a duration like 500ms, 30s, 5m, 2h or 1d, got nothing");
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration like 500ms, 30s, 5m, 2h or 1d, got '" + text + "'");
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        try {
            return Duration.ofMillis(millis.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is not a whole number of milliseconds"
                    + " or is too long");
        }
    }

    /** The shortest text that {@link #parse} reads back as {@code d}, e.g. {@code 90s}, {@code 5m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
