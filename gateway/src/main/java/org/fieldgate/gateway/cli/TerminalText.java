package org.fieldgate.gateway.cli;

/**
 * Text from the outside world (an MQTT topic or payload, a device's string) made safe to print
 * on a technician's terminal: every control character (C0 including tab and newline, DEL, C1) and
 * every bidirectional override or isolate (U+202A..U+202E, U+2066..U+2069) becomes a visible
 * {@code \}{@code u001b}-style escape, so no publisher can move the cursor, rewrite the screen, set
 * the window title, fake a line of its own or reorder what is shown. Anything else is kept as it
 * is, backslashes included.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
