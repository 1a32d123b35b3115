package org.fieldgate.gateway.supervision;

import java.util.regex.Pattern;

/**
 * A failure as status and health show it: the exception's simple class name and message, one line,
 * at most {@link #MAX_CHARS} characters, with the user-info of any URI removed (a broker URI with
 * {@code user:password@} must not reach a page or a log).
 */
public final class ErrorText {

    static final int MAX_CHARS = 200;
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");

    private ErrorText() {
    }

    public static String of(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return of(text);
    }

    /** Cleans a text that already says what failed. */
    public static String of(String text) {
        String clean = CONTROL.matcher(USER_INFO.matcher(text).replaceAll("$1")).replaceAll(" ").strip();
        return clean.length() <= MAX_CHARS ? clean : clean.substring(0, MAX_CHARS - 1) + "…";
    }
}
