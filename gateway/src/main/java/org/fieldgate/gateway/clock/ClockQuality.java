package org.fieldgate.gateway.clock;

/**
 * Whether the wall clock is known to be right. A gateway without a real-time clock may boot in 1970
 * (or at the last time fake-hwclock saved); readings taken before the clock is known good are marked
 * {@code unsynced}.
 */
public interface ClockQuality {

    /** A clock taken as right (tests, replay). */
    ClockQuality TRUSTED = new ClockQuality() {
        @Override
        public boolean knownGood() {
            return true;
        }

        @Override
        public String reason() {
            return "trusted";
        }
    };

    /** True once the clock is known to be right. */
    boolean knownGood();

    /** Why the clock is (or is not yet) known good, for status, health and logs. */
    String reason();
}
