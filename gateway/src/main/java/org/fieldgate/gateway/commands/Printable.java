package org.fieldgate.gateway.commands;

/**
 * Text from a command (its name, a key it carried) as it may go into a log line: control
 * characters escaped, so a message on the command topic cannot forge log lines.
 */
final class Printable {

    private Printable() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
