package org.fieldgate.gateway.status;

import java.util.List;

/**
 * The recent history of one scalar channel for the crews' page ({@code GET /api/history}): one
 * point per {@code stepS} seconds, each the min, mean and max of the readings in it, oldest first.
 *
 * @param points {@code [t (ms, start of the step), min, mean, max]} each
 */
public record HistorySeries(String sensor, String ch, long stepS, List<double[]> points) {

    /** Where the page's history comes from (the gateway's bounded history beside the store). */
    @FunctionalInterface
    public interface Source {
        /** The last {@code hours} hours of a channel, at most about 1,440 points; empty when none. */
        HistorySeries series(String sensor, String channel, int hours);
    }
}
