package org.fieldgate.gateway.supervision;

/**
 * What a scheduled part (the pipeline's flusher, the outputs) tells its supervisor after every tick.
 * A tick that throws is caught by the part, which goes on at its next tick; the supervisor counts
 * the part dead when it has failed (or not ticked at all) for a minute ({@link Supervisor#pulse}).
 */
public interface Pulse {

    /** A tick that did its work. */
    void ok();

    /** A tick that threw {@code cause} (any {@link Throwable}; an {@link OutOfMemoryError} is fatal). */
    void failed(Throwable cause);

    /** For parts run without a supervisor (tests, tools). */
    Pulse NONE = new Pulse() {
        @Override
        public void ok() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    };
}
