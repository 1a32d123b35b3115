package org.fieldgate.drivers;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A driver's monotonic counters, safe to bump from its threads and read from status. */
public final class DriverCounters {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /** @param initial counters reported from the start, at 0 */
    public DriverCounters(Collection<String> initial) {
        initial.forEach(c -> counters.put(c, new AtomicLong()));
    }

    /** Adds {@code n} to a counter (created on first use). */
    public void add(String counter, long n) {
        counters.computeIfAbsent(counter, k -> new AtomicLong()).addAndGet(n);
    }

    public long get(String counter) {
        AtomicLong c = counters.get(counter);
        return c == null ? 0 : c.get();
    }

    /** A sorted copy, for {@link Driver#counters()}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }
}
