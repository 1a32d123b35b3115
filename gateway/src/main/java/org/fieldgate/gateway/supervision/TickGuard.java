package org.fieldgate.gateway.supervision;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of a scheduled part, run so that nothing it throws (an {@link Error} too) ends the
 * schedule: an exception escaping a task of a {@code ScheduledExecutorService} cancels it for
 * good, silently. Each outcome goes to the part's {@link Pulse}; a failure is logged with its trace
 * the first time, not at every tick while it lasts.
 */
public final class TickGuard implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TickGuard.class);

    private final String part;
    private final Runnable tick;
    private final Pulse pulse;
    /** The failure last logged; the scheduled thread only. */
    private String lastFailure;

    public TickGuard(String part, Runnable tick, Pulse pulse) {
        this.part = Objects.requireNonNull(part, "part");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.pulse = Objects.requireNonNull(pulse, "pulse");
    }

    @Override
    public void run() {
        try {
            tick.run();
            lastFailure = null;
            pulse.ok();
        } catch (Throwable e) {
            if (!e.toString().equals(lastFailure)) {
                LOG.error("{}: tick failed; trying again at the next tick", part, e);
            }
            lastFailure = e.toString();
            pulse.failed(e);
        }
    }
}
