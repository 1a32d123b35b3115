package org.fieldgate.gateway.status;

import java.time.Duration;

/** Tests a local output (a siren, a beacon) by switching it on briefly: the crews' page's "test siren". */
@FunctionalInterface
public interface OutputTester {

    /** How long a test sounds: long enough to hear from the gauge, short enough not to alarm the village. */
    Duration LENGTH = Duration.ofSeconds(3);

    /**
     * Switches {@code output} on for {@link #LENGTH}, whatever the alarms ask; an alarm that drives it
     * meanwhile keeps it on after the test.
     *
     * @param by who asked, for the log and the published record (e.g. {@code local-page})
     */
    Outcome test(String output, String by);

    /** What became of a test. */
    enum Outcome {
        /** The output is on now, and goes back to what the alarms ask after {@link #LENGTH}. */
        STARTED,
        /** No output has that id. */
        UNKNOWN_OUTPUT,
        /** The output's pin cannot be driven now (no GPIO, a failed open); see the log and the status. */
        UNAVAILABLE
    }
}
