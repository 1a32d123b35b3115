package org.fieldgate.gateway.runtime;

import java.util.ArrayDeque;

/**
 * How long until the outbox is sent, for the crews' page: from how fast its message count fell
 * over the last {@value #WINDOW_MS} ms while the uplink was connected (new readings keep arriving
 * meanwhile, so this is the net rate, the one that matters). One sample at most every
 * {@value #SAMPLE_EVERY_MS} ms; a disconnect starts over. Thread-safe.
 */
final class DrainEstimate {

    static final long SAMPLE_EVERY_MS = 5_000;
    static final long WINDOW_MS = 120_000;
    /** Below this span the rate is noise (a batch committed between two samples). */
    static final long MIN_SPAN_MS = 15_000;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {t, messages}, oldest first

    /**
     * @param at        when {@code messages} was counted (ms)
     * @param messages  messages waiting in the outbox then; negative when unknown
     * @param connected whether the uplink is connected now
     * @return seconds until the backlog is sent at the recent rate; 0 when nothing waits; null while
     *         unknown (no uplink, too few samples, or the backlog is not shrinking)
     */
    synchronized Long seconds(long at, long messages, boolean connected) {
        if (!connected || messages < 0) {
            samples.clear();
            return null;
        }
        if (messages == 0) {
            return 0L;
        }
        if (samples.isEmpty() || at - samples.peekLast()[0] >= SAMPLE_EVERY_MS) {
            samples.addLast(new long[] {at, messages});
        }
        while (samples.size() > 1 && at - samples.peekFirst()[0] > WINDOW_MS) {
            samples.pollFirst();
        }
        long[] first = samples.peekFirst();
        long span = at - first[0];
        long fell = first[1] - messages;
        if (span < MIN_SPAN_MS || fell <= 0) {
            return null;
        }
        return (long) Math.ceil(messages * (double) span / fell / 1000.0);
    }
}
