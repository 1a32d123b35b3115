package org.fieldgate.drivers.golden;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a {@code golden/<driver>.golden} file: either {@code decode} (the bytes a sensor
 * sends, and the values they must decode to) or {@code encode} (a command the driver sends, and the
 * bytes it must put on the wire).
 *
 * @param kind    {@code decode} or {@code encode}
 * @param name    what the case is, with its source
 * @param line    the line the case starts on, for messages
 * @param params  {@code decode}: how to decode ({@code variant=pms5003t}); {@code encode}: the
 *                command and its arguments ({@code command=read register=0x11})
 * @param wire    the bytes
 * @param expect  {@code decode} only: each value name with its values in frame order
 */
record GoldenCase(String kind, String name, int line, Map<String, String> params, byte[] wire,
                  Map<String, List<String>> expect) {

    /**
     * Parses a golden file: cases separated by blank lines, {@code #} starts a comment line, each
     * case is {@code key: value} lines ({@code decode:}/{@code encode:} first, then {@code params:},
     * {@code hex:} (may continue on the next lines), {@code expect:}).
     */
    static List<GoldenCase> parse(String text) {
        List<GoldenCase> cases = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = (text + "\n\n").split("\n", -1);
        int start = 0;
        String last = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("#")) {
                continue;
            }
            if (l.isEmpty()) {
                if (!fields.isEmpty()) {
                    cases.add(of(fields, start));
                    fields.clear();
                }
                last = null;
                continue;
            }
            int colon = l.indexOf(':');
            String key = colon < 0 ? null : l.substring(0, colon).strip();
            if (key == null || !key.matches("decode|encode|params|hex|expect")) {
                if (last == null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected key: value, got " + l);
                }
                fields.merge(last, " " + l, String::concat); // a continuation line
                continue;
            }
            if (fields.isEmpty()) {
                start = i + 1;
            }
            fields.put(key, l.substring(colon + 1).strip());
            last = key;
        }
        return cases;
    }

    private static GoldenCase of(Map<String, String> f, int line) {
        String kind = f.containsKey("decode") ? "decode" : "encode";
        if (!f.containsKey(kind) || !f.containsKey("hex")) {
            throw new IllegalArgumentException("case at line " + line + " needs decode: or encode:, and hex:");
        }
        if (kind.equals("decode") != f.containsKey("expect")) {
            throw new IllegalArgumentException("case at line " + line + ": expect: goes with decode: only");
        }
        Map<String, List<String>> expect = new LinkedHashMap<>();
        words(f.getOrDefault("expect", "")).forEach((k, v) -> expect.put(k, List.of(v.split(","))));
        return new GoldenCase(kind, f.get(kind), line, words(f.getOrDefault("params", "")),
                HexFormat.of().parseHex(f.get("hex").replaceAll("\\s", "")), expect);
    }

    /** {@code a=1 b=x,y} as an ordered map. */
    private static Map<String, String> words(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : text.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + w);
            }
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }

    String param(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ": needs " + key + "=");
        }
        return v;
    }

    int intParam(String key) {
        return Integer.decode(param(key));
    }

    @Override
    public String toString() {
        return kind + ": " + name + " (line " + line + ")";
    }
}
