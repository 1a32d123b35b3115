package org.fieldgate.gateway.pipeline;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a write to the store, for the group commit and the alert queue alike: the counters,
 * a log that stays quiet while the failures last, and the uplink's wake-up after a commit.
 */
final class StoreOutcomes {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final RunningCounters counters;
    private final Runnable outboxChanged;
    private final AtomicLong failuresInARow = new AtomicLong();

    /** @param outboxChanged runs after every commit (on the committing thread); must be quick */
    StoreOutcomes(RunningCounters counters, Runnable outboxChanged) {
        this.counters = counters;
        this.outboxChanged = Objects.requireNonNull(outboxChanged, "outboxChanged");
    }

    /** Counters, the log and the outbox-changed hook after {@code messages} were committed. */
    void committed(int messages) {
        counters.appended.addAndGet(messages);
        long failed = failuresInARow.getAndSet(0);
        if (failed > 0) {
            log.info("outbox writes work again after {} failure(s)", failed);
        }
        if (messages == 0) {
            return;
        }
        wakeUplink();
    }

    void wakeUplink() {
        try {
            outboxChanged.run();
        } catch (RuntimeException e) {
            log.warn("outbox-changed hook failed: {}", e.toString());
        }
    }

    /** Loud on the first failure in a row, then every 100th, so a dead disk does not flood the log. */
    void failed(String what, StoreException e) {
        counters.storeFailures.incrementAndGet();
        long n = failuresInARow.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            log.error("could not store {} ({} failure(s) in a row; rules keep running): {}", what, n, e.getMessage());
        }
    }
}
