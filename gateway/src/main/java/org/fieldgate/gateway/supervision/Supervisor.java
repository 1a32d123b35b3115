package org.fieldgate.gateway.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every long-lived part of the gateway alive, or says that one is dead. Three kinds of part:
 *
 * <ul>
 *   <li><b>Loops</b> ({@link #start}: the uplink, the status server): run on a thread of their own;
 *       a body that throws is started again after a backoff ({@link RestartBudget}: 1 s doubling to
 *       60 s); more than 10 failures within 10 minutes make it dead.</li>
 *   <li><b>Watched</b> parts ({@link #watch}: each driver, the embedded broker): asked every
 *       {@link #CHECK_EVERY} whether they are alive; one that is not is restarted by its restart
 *       action after the same backoff and within the same budget, or, without a restart action,
 *       is dead at once.</li>
 *   <li><b>Scheduled</b> parts ({@link #pulse}: the pipeline's flusher, the outputs): catch every
 *       failure of a tick themselves and go on at the next tick; one that has failed, or not ticked
 *       at all, for {@link #FAILING_LIMIT} is dead. One silent for {@link #STALL} shows as restarting.</li>
 * </ul>
 *
 * An {@link OutOfMemoryError} in any part makes it dead at once: after one, no state in the process
 * can be trusted. A dead part is final; {@link #death()} completes with the first one's name so that
 * {@code fieldgate run} can exit for the service manager to start the gateway afresh.
 *
 * <p>Time comes from {@code nanos} and every wait goes through {@code sleeper}, so tests drive it
 * with a hand clock.
 */
public final class Supervisor implements LoopStarter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** How often watched and scheduled parts are checked. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** A scheduled part without any tick this long shows as restarting (hung). */
    public static final Duration STALL = Duration.ofSeconds(5);
    /** A scheduled part failing (or hung) this long is dead. */
    public static final Duration FAILING_LIMIT = Duration.ofMinutes(1);

    /** How a supervisor waits; tests pass one that advances a hand clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final LongSupplier nanos;
    private final Sleeper sleeper;
    private final List<Part> parts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> death = new CompletableFuture<>();
    private volatile boolean closed;
    private Thread watchdog; // guarded by this
    private long lastCheck; // guarded by this: when the last round began (nanos)

    /**
     * @param nanos   monotonic time in nanoseconds ({@code System::nanoTime})
     * @param sleeper how backoffs and the watchdog wait
     */
    public Supervisor(LongSupplier nanos, Sleeper sleeper) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** On the system's monotonic clock. */
    public static Supervisor system() {
        return new Supervisor(System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Runs {@code body} on a daemon thread named {@code name}, restarted with backoff when it throws. */
    @Override
    public RunningLoop start(String name, Runnable body) {
        LoopPart part = new LoopPart(name, body);
        parts.add(part);
        part.thread.start();
        return part;
    }

    /**
     * Checks {@code alive} every {@link #CHECK_EVERY}; when it is false (or throws), runs
     * {@code restart} after the backoff, or, when {@code restart} is null, declares the part dead.
     * Runs on the watchdog thread.
     *
     * @param notAlive what a false {@code alive} means, as status shows it (e.g. {@code thread ended})
     */
    public void watch(String name, BooleanSupplier alive, String notAlive, Runnable restart) {
        parts.add(new WatchedPart(name, alive, notAlive, restart));
    }

    /** The pulse a scheduled part named {@code name} reports each tick to. */
    public Pulse pulse(String name) {
        PulsePart part = new PulsePart(name, nanos.getAsLong());
        parts.add(part);
        return part;
    }

    /** Declares {@code name} dead at once (an {@link OutOfMemoryError} outside any part, for one). */
    public void fatal(String name, Throwable cause) {
        Part part = parts.stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
        if (part == null) {
            part = new WatchedPart(name, () -> true, "", null);
            parts.add(part);
        }
        part.lastError = ErrorText.of(cause);
        part.die();
    }

    /** Starts the watchdog thread {@code supervisor}, which runs {@link #check()} every {@link #CHECK_EVERY}. */
    public synchronized void startWatchdog() {
        if (watchdog != null || closed) {
            return;
        }
        lastCheck = nanos.getAsLong();
        watchdog = new Thread(() -> {
            while (!closed) {
                try {
                    sleeper.sleep(CHECK_EVERY.toNanos());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                try {
                    check();
                } catch (OutOfMemoryError e) {
                    fatal("supervisor", e);
                } catch (RuntimeException | Error e) {
                    LOG.error("supervisor: check failed", e); // the watchdog must outlive what it watches
                }
            }
        }, "supervisor");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Null while the gateway may tell its service manager it is alive (sd_notify {@code WATCHDOG=1});
     * else why not: a part is dead, a ticking part (the pipeline's flusher, the outputs) has not
     * ticked for {@link #STALL} (hung: a tick that fails still ticks, and the supervisor ends the run
     * after {@link #FAILING_LIMIT}), or the supervisor's own round has not run for {@link #STALL}.
     * Loops that restart themselves (drivers, the uplink, the status server) do not count: an
     * unplugged sensor must not restart the gateway.
     */
    public String watchdogVerdict() {
        long now = nanos.getAsLong();
        String dead = deadPart();
        if (dead != null) {
            return dead + " is dead";
        }
        synchronized (this) {
            if (watchdog != null && now - lastCheck >= STALL.toNanos()) {
                return "the supervisor has not checked the parts for "
                        + TimeUnit.NANOSECONDS.toSeconds(now - lastCheck) + " s";
            }
        }
        for (Part p : parts) {
            if (p instanceof PulsePart pulse) {
                long silent = pulse.silentFor(now);
                if (silent >= STALL.toNanos()) {
                    return p.name + " has not ticked for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s";
                }
            }
        }
        return null;
    }

    /** One round: every watched and scheduled part is checked (restarts fall due here). */
    public void check() {
        long now = nanos.getAsLong();
        synchronized (this) {
            lastCheck = now;
        }
        for (Part p : parts) {
            if (closed) {
                return;
            }
            p.check(now);
        }
    }

    /** Every part in the order it was added. */
    public List<PartStatus> parts() {
        List<PartStatus> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(p.status());
        }
        return out;
    }

    /** The first part that died, or null while none has. */
    public String deadPart() {
        return death.getNow(null);
    }

    /** Completes with the name of the first part that dies. */
    public CompletableFuture<String> death() {
        return death;
    }

    /**
     * Stops watching and restarting (call before stopping the parts, so that a clean stop is not
     * taken for a death). Loops that wait for a restart end.
     */
    @Override
    public void close() {
        closed = true;
        Thread w;
        synchronized (this) {
            w = watchdog;
        }
        for (Part p : parts) {
            if (p instanceof LoopPart l) {
                l.stopRestarts();
            }
        }
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
            try {
                w.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------- the parts

    private abstract class Part {
        final String name;
        volatile PartState state = PartState.RUNNING;
        volatile long restarts;
        volatile String lastError;

        Part(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        void check(long now) {
        }

        PartStatus status() {
            return new PartStatus(name, state, restarts, lastError);
        }

        void die() {
            if (state == PartState.DEAD) {
                return;
            }
            state = PartState.DEAD;
            if (closed) {
                return; // stopping anyway
            }
            LOG.error("{} is dead ({}): /healthz answers 503, the gateway must be restarted", name, lastError);
            death.complete(name);
        }
    }

    /** A loop on its own thread, restarted after a throw. */
    private final class LoopPart extends Part implements RunningLoop {
        final Thread thread;
        final Runnable body;
        final RestartBudget budget = new RestartBudget();
        volatile boolean stopped;
        volatile boolean waiting;

        LoopPart(String name, Runnable body) {
            super(name);
            this.body = Objects.requireNonNull(body, "body");
            this.thread = new Thread(this::run, name);
            this.thread.setDaemon(true);
        }

        private void run() {
            while (true) {
                try {
                    body.run();
                    return; // the owner stopped it
                } catch (Throwable t) {
                    if (stopped) {
                        LOG.debug("{} ended while stopping: {}", name, t.toString());
                        return;
                    }
                    lastError = ErrorText.of(t);
                    long delay = t instanceof OutOfMemoryError ? -1 : budget.failed(nanos.getAsLong());
                    if (delay < 0) {
                        LOG.error("{} failed", name, t);
                        die();
                        return;
                    }
                    state = PartState.RESTARTING;
                    LOG.error("{} failed; restarting in {} ms", name, TimeUnit.NANOSECONDS.toMillis(delay), t);
                    if (!await(delay)) {
                        return;
                    }
                    restarts++;
                    state = PartState.RUNNING;
                    LOG.warn("{}: restarted (restart {})", name, restarts);
                }
            }
        }

        /** Waits for the restart; false when stopped meanwhile. */
        private boolean await(long delay) {
            waiting = true;
            try {
                if (stopped) {
                    return false;
                }
                sleeper.sleep(delay);
                return !stopped;
            } catch (InterruptedException e) {
                return false;
            } finally {
                waiting = false;
            }
        }

        @Override
        public void stopRestarts() {
            stopped = true;
            if (waiting) {
                thread.interrupt();
            }
        }

        @Override
        public boolean join(long millis) throws InterruptedException {
            thread.join(millis);
            return !thread.isAlive();
        }

        @Override
        public void interrupt() {
            thread.interrupt();
        }

        @Override
        public boolean isAlive() {
            return thread.isAlive();
        }
    }

    /** Asked whether it is alive; restarted by its action, or dead without one. */
    private final class WatchedPart extends Part {
        final BooleanSupplier alive;
        final String notAlive;
        final Runnable restart;
        final RestartBudget budget = new RestartBudget();
        /** When the restart falls due (0: none pending). Watchdog thread only. */
        long restartAt;
        boolean restartPending;

        WatchedPart(String name, BooleanSupplier alive, String notAlive, Runnable restart) {
            super(name);
            this.alive = Objects.requireNonNull(alive, "alive");
            this.notAlive = Objects.requireNonNull(notAlive, "notAlive");
            this.restart = restart;
        }

        @Override
        void check(long now) {
            if (state == PartState.DEAD) {
                return;
            }
            if (restartPending) {
                if (now - restartAt < 0) {
                    return;
                }
                restartPending = false;
                try {
                    restart.run();
                    restarts++;
                    state = PartState.RUNNING;
                    LOG.warn("{}: restarted (restart {})", name, restarts);
                } catch (Throwable t) {
                    failed(now, ErrorText.of(t), t);
                }
                return;
            }
            boolean ok;
            String why = notAlive;
            Throwable cause = null;
            try {
                ok = alive.getAsBoolean();
            } catch (Throwable t) {
                ok = false;
                why = ErrorText.of(t);
                cause = t;
            }
            if (!ok) {
                failed(now, why, cause);
            }
        }

        private void failed(long now, String why, Throwable cause) {
            lastError = why;
            if (restart == null || cause instanceof OutOfMemoryError) {
                die();
                return;
            }
            long delay = budget.failed(now);
            if (delay < 0) {
                die();
                return;
            }
            state = PartState.RESTARTING;
            restartAt = now + delay;
            restartPending = true;
            LOG.error("{} failed ({}); restarting in {} ms", name, why, TimeUnit.NANOSECONDS.toMillis(delay));
        }
    }

    /** A scheduled part that reports each tick. */
    private final class PulsePart extends Part implements Pulse {
        /** Last tick of any outcome. */
        long lastBeat;
        /** Since when it fails or is silent (0: it is fine). */
        long failingSince;

        PulsePart(String name, long now) {
            super(name);
            this.lastBeat = now;
        }

        @Override
        public synchronized void ok() {
            if (state == PartState.DEAD) {
                return;
            }
            lastBeat = nanos.getAsLong();
            if (failingSince != 0) {
                failingSince = 0;
                state = PartState.RUNNING;
                LOG.warn("{}: ticking again", name);
            }
        }

        @Override
        public synchronized void failed(Throwable cause) {
            long now = nanos.getAsLong();
            lastBeat = now;
            restarts++;
            lastError = ErrorText.of(cause);
            if (cause instanceof OutOfMemoryError) {
                die();
                return;
            }
            if (failingSince == 0) {
                failingSince = now;
                if (state != PartState.DEAD) {
                    state = PartState.RESTARTING;
                }
            }
        }

        synchronized long silentFor(long now) {
            return now - lastBeat;
        }

        @Override
        synchronized void check(long now) {
            if (state == PartState.DEAD) {
                return;
            }
            long silent = now - lastBeat;
            if (silent >= STALL.toNanos()) {
                lastError = "no tick for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s (hung?)";
                if (failingSince == 0) {
                    failingSince = lastBeat;
                    state = PartState.RESTARTING;
                    LOG.error("{}: {}", name, lastError);
                }
            }
            if (failingSince != 0 && now - failingSince >= FAILING_LIMIT.toNanos()) {
                die();
            }
        }
    }
}
