package org.fieldgate.drivers.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs from the machine (socat, mosquitto, openssl, a tmpfs mount). On a developer's
 * machine without it the test is skipped; with {@code CI=true} (what {@code .ci/run} sets, as every
 * CI service does) it fails instead: a green CI run means the tests ran.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** Skips the test, or fails it on CI, when {@code present} is false; {@code what} says what is missing. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (onCi()) {
            throw new AssertionError(what + " (CI=true: a test that needs it fails instead of skipping;"
                    + " .ci/run installs it)");
        }
        Assumptions.assumeTrue(false, what);
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
