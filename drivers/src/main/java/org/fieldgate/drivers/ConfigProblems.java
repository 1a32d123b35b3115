package org.fieldgate.drivers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects a config's problems as {@code key: what is wrong} lines while checking it. */
public final class ConfigProblems {

    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    /** @param prefix prepended to every key, e.g. {@code scenario.} */
    public ConfigProblems(String prefix) {
        this.prefix = prefix;
    }

    public void add(String key, String what) {
        problems.add(prefix + key + ": " + what);
    }

    /** Adds a problem unless {@code ok}. */
    public void check(boolean ok, String key, String what) {
        if (!ok) {
            add(key, what);
        }
    }

    /** Parses a duration; on failure records the problem and returns null. */
    public Duration duration(String key, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            add(key, e.getMessage());
            return null;
        }
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws when there is any problem; for factories' {@code create}. */
    public void throwIfAny(String driverId) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(driverId + ": " + String.join("; ", problems));
        }
    }
}
