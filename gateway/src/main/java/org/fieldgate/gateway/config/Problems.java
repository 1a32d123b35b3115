package org.fieldgate.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects the problems of one config file, with the line of each path where the YAML tells it. */
final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();

    /** Remembers where {@code path} starts in the file. */
    void line(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** Adds a problem at {@code path}; its line is that of the path or of its nearest ancestor. */
    void add(String path, String message) {
        found.add(new ConfigProblem(path, lineOf(path), message));
    }

    /** Adds a problem with an explicit line (syntax errors, file problems). */
    void add(String path, Integer line, String message) {
        found.add(new ConfigProblem(path, line, message));
    }

    /** A warning at {@code path}: the file works, but should change (an old key name). */
    void warn(String path, String message) {
        warnings.add(new ConfigProblem(path, lineOf(path), message));
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int count() {
        return found.size();
    }

    List<ConfigProblem> list() {
        return List.copyOf(found);
    }

    Integer lineOf(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            p = parent(p);
        }
        return null;
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
