package org.fieldgate.gateway.supervision;

import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived loop on a thread of its own, named {@code name}. The body returns when its
 * owner stops it; a body that throws has failed. A {@link Supervisor} restarts a failed body with
 * backoff; {@link #PLAIN} (for tests and tools) lets the thread end and logs why.
 */
@FunctionalInterface
public interface LoopStarter {

    RunningLoop start(String name, Runnable body);

    /** One daemon thread, the body run once; a throw is logged and ends the thread. */
    LoopStarter PLAIN = (name, body) -> {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                LoggerFactory.getLogger(LoopStarter.class).error("{} thread died", name, e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return new RunningLoop() {
            @Override
            public void stopRestarts() {
            }

            @Override
            public boolean join(long millis) throws InterruptedException {
                t.join(millis);
                return !t.isAlive();
            }

            @Override
            public void interrupt() {
                t.interrupt();
            }

            @Override
            public boolean isAlive() {
                return t.isAlive();
            }
        };
    };
}
