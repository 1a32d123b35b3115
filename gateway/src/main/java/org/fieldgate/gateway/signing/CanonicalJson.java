package org.fieldgate.gateway.signing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one byte sequence a JSON value has for signing: members of every object sorted by name
 * (UTF-16 code units, as RFC 8785 sorts them), no whitespace, strings escaped minimally as RFC 8785
 * does, and numbers only as integers (a decimal in a command is refused: different JSON libraries
 * print decimals differently, integers identically; put a decimal in a string). For the values a
 * command carries this is exactly RFC 8785 (JCS), so a central system can sign with any JCS library.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /**
     * @throws IllegalArgumentException for a decimal, an integer beyond ±2^53 (JCS prints those as
     *                                  doubles), or a string with a lone surrogate (no UTF-8 for it:
     *                                  two different strings would sign the same)
     */
    public static byte[] of(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, "");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode v, StringBuilder out, String path) {
        switch (v.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(null); // String.compareTo compares UTF-16 code units, as RFC 8785 asks
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    requireWellFormed(names.get(i), path);
                    string(names.get(i), out);
                    out.append(':');
                    write(v.get(names.get(i)), out, path.isEmpty() ? names.get(i) : path + "." + names.get(i));
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(v.get(i), out, path + "[" + i + "]");
                }
                out.append(']');
            }
            case STRING -> {
                requireWellFormed(v.textValue(), path);
                string(v.textValue(), out);
            }
            case BOOLEAN -> out.append(v.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!v.canConvertToExactIntegral() || !v.canConvertToLong()
                        || v.longValue() > (1L << 53) || v.longValue() < -(1L << 53)) {
                    throw new IllegalArgumentException((path.isEmpty() ? "a number" : path)
                            + ": only whole numbers up to 2^53 (give a decimal as a string)");
                }
                out.append(v.longValue());
            }
            default -> throw new IllegalArgumentException((path.isEmpty() ? "a value" : path) + ": not JSON");
        }
    }

    private static void requireWellFormed(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException((path.isEmpty() ? "a string" : path) + ": a lone surrogate");
            }
        }
    }

    /** RFC 8785 string escaping: {@code \" \\ \b \f \n \r \t}, other controls as {@code \\u00xx}, the rest as is. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
