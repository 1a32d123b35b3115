package org.fieldgate.gateway.config;

import org.fieldgate.drivers.DurationText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the keys of one YAML mapping, reporting wrong types to {@link Problems}, and remembers
 * which keys were read so that {@link #finish()} can report every other key as unknown. Readers
 * return a default (or null) after reporting, so that checking goes on past the first problem.
 */
final class YamlMapping {

    static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    YamlMapping(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The mapping at {@code path}, or null (after a problem) when it is not a mapping. A YAML
     * {@code key:} with nothing after it is read as an empty mapping.
     */
    static YamlMapping of(JsonNode value, String path, Problems problems) {
        if (value == null || value.isNull()) {
            return new YamlMapping(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                    path, problems);
        }
        if (!value.isObject()) {
            problems.add(path, "expected a mapping (key: value), got " + describe(value));
            return null;
        }
        return new YamlMapping((ObjectNode) value, path, problems);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Problems.child(path, key);
    }

    Problems problems() {
        return problems;
    }

    /** The raw value of {@code key} (null when absent or null), marking the key as known. */
    JsonNode take(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return node.has(key);
    }

    /** Keys present in the mapping, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    YamlMapping mapping(String key) {
        return of(take(key), path(key), problems);
    }

    /** A required sub-mapping: reports it when missing; null when missing or wrong. */
    YamlMapping requiredMapping(String key) {
        if (take(key) == null) {
            problems.add(path(key), "required");
            return null;
        }
        return mapping(key);
    }

    String string(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(path(key), "expected text, got " + describe(v) + (v.isBoolean()
                    ? " (YAML 1.1 reads a bare y, n, yes, no, on or off as a boolean: quote it, e.g. 'y')" : ""));
            return null;
        }
        return v.textValue();
    }

    String string(String key, String fallback) {
        String s = string(key);
        return s == null ? fallback : s;
    }

    String requiredString(String key) {
        if (take(key) == null) {
            problems.add(path(key), "required");
            return null;
        }
        String s = string(key);
        if (s != null && s.isBlank()) {
            problems.add(path(key), "must not be empty");
            return null;
        }
        return s;
    }

    /** A required id matching {@code [a-z0-9-]+}; null when missing or wrong. */
    String id(String key) {
        String s = requiredString(key);
        if (s != null && !ID.matcher(s).matches()) {
            problems.add(path(key), "bad id '" + s + "' (use lowercase letters, digits and '-')");
            return null;
        }
        return s;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problems.add(path(key), "expected true or false, got " + describe(v));
            return fallback;
        }
        return v.booleanValue();
    }

    /** A whole number in [min, max]. */
    Integer integer(String key, Integer fallback, int min, int max) {
        JsonNode v = take(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path(key), "expected a whole number, got " + describe(v));
            return fallback;
        }
        int n = v.intValue();
        if (n < min || n > max) {
            problems.add(path(key), n + " is out of range " + min + ".." + max);
            return fallback;
        }
        return n;
    }

    /** A number, or null when absent or wrong. */
    Double number(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            problems.add(path(key), "expected a number, got " + describe(v));
            return null;
        }
        return v.doubleValue();
    }

    Duration duration(String key, Duration fallback, boolean zeroAllowed) {
        JsonNode v = take(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            problems.add(path(key), "expected a duration like 500ms, 30s, 5m, 2h or 1d, got " + describe(v));
            return fallback;
        }
        String s = v.textValue();
        try {
            Duration d = DurationText.parse(s);
            if (d.isZero() && !zeroAllowed) {
                problems.add(path(key), "must be longer than 0");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(path(key), e.getMessage());
            return fallback;
        }
    }

    long size(String key, long fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            if (v.longValue() <= 0) {
                problems.add(path(key), "must be more than 0");
                return fallback;
            }
            return v.longValue();
        }
        if (!v.isTextual()) {
            problems.add(path(key), "expected a size like 512MB, got " + describe(v));
            return fallback;
        }
        try {
            long n = SizeText.parse(v.textValue());
            if (n <= 0) {
                problems.add(path(key), "must be more than 0");
                return fallback;
            }
            return n;
        } catch (IllegalArgumentException e) {
            problems.add(path(key), e.getMessage());
            return fallback;
        }
    }

    HostPort hostPort(String key, String fallback) {
        String s = string(key);
        if (s == null) {
            return HostPort.parse(fallback);
        }
        try {
            return HostPort.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(path(key), e.getMessage());
            return HostPort.parse(fallback);
        }
    }

    /** The elements of a list (empty when absent; empty after a problem when not a list). */
    List<JsonNode> list(String key) {
        JsonNode v = take(key);
        List<JsonNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problems.add(path(key), "expected a list, got " + describe(v));
            return out;
        }
        v.elements().forEachRemaining(out::add);
        return out;
    }

    /** A list of strings; wrong elements are reported and left out. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isTextual()) {
                out.add(item.textValue());
            } else {
                problems.add(Problems.element(path(key), i), "expected text, got " + describe(item));
            }
        }
        return out;
    }

    /** Reports every key that no reader asked for. */
    void finish() {
        finish(known);
    }

    /** Reports every key that no reader asked for, suggesting the nearest of {@code candidates}. */
    void finish(Collection<String> candidates) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(path(key), unknownKey(key, candidates));
            }
        }
    }

    /** Words YAML 1.1 resolves to a boolean, as keys too. */
    private static final java.util.Set<String> YAML11_BOOLEANS =
            java.util.Set.of("true", "false", "yes", "no", "y", "n", "on", "off");

    /** {@code unknown key; did you mean 'every'?} or {@code unknown key (known: a, b)}. */
    static String unknownKey(String key, Collection<String> candidates) {
        if (YAML11_BOOLEANS.contains(key.toLowerCase(java.util.Locale.ROOT))) {
            return "unknown key '" + key + "': a YAML 1.1 tool (PyYAML, Ansible, Ruby) reads a bare y, n, yes, no,"
                    + " on or off as a boolean and writes it back as true or false; the keys here are "
                    + String.join(", ", candidates);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(key.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= (key.length() <= 3 ? 1 : key.length() <= 6 ? 2 : 3)) {
            return "unknown key; did you mean '" + best + "'?";
        }
        return candidates.isEmpty() ? "unknown key"
                : "unknown key (known here: " + String.join(", ", candidates) + ")";
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A short description of a YAML value for messages: {@code text 'abc'}, {@code a list}. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return "text '" + v.textValue() + "'";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "true" : "false";
        }
        return "the number " + v.asText();
    }
}
