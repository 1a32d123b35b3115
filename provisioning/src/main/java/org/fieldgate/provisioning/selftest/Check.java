package org.fieldgate.provisioning.selftest;

import java.util.Objects;

/**
 * One line of the selftest's table.
 *
 * @param name   what was checked, e.g. {@code sensor wl1} or {@code broker TLS ssl://hub:8883}
 * @param result PASS, FAIL or SKIP (not applicable at this site; counts as passed)
 * @param detail what was found, in a few words
 * @param fix    what to do about a failure, or empty
 */
public record Check(String name, Result result, String detail, String fix) {

    /** The outcome of one check. */
    public enum Result { PASS, FAIL, SKIP }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
        fix = fix == null ? "" : fix;
    }

    static Check pass(String name, String detail) {
        return new Check(name, Result.PASS, detail, "");
    }

    static Check fail(String name, String detail, String fix) {
        return new Check(name, Result.FAIL, detail, fix);
    }

    static Check skip(String name, String detail) {
        return new Check(name, Result.SKIP, detail, "");
    }

    boolean failed() {
        return result == Result.FAIL;
    }
}
