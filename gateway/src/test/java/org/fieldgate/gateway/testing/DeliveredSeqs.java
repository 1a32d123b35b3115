package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seqs a recorder got from one gateway, for "nothing lost" checks: every JSON message that
 * carries its own seq ({@code telemetry/}, {@code alert/}, {@code event/}; the retained
 * {@code alarm/} copies repeat an alert's seq and are left out), counted per seq, so duplicates show
 * as counts above 1.
 */
public final class DeliveredSeqs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveredSeqs() {
    }

    /** seq → how many times it arrived. */
    public static Map<Long, Integer> counts(MqttRecorder recorder) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (MqttRecorder.Received m : recorder.messages()) {
            if (m.topic().contains("/telemetry/") || m.topic().contains("/alert/") || m.topic().contains("/event/")) {
                counts.merge(seq(m), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Waits until the gateway's outbox is empty and every seq from 1 to its {@code last_seq} was
     * recorded; returns the counts. Fails with the first missing seqs and the gateway's log.
     */
    public static Map<Long, Integer> awaitEvery(GatewayProcess gateway, MqttRecorder recorder, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = gateway.status();
            long last = status.path("store").path("last_seq").asLong();
            long backlog = status.path("backlog").path("messages").asLong();
            Map<Long, Integer> counts = counts(recorder);
            List<Long> missing = new ArrayList<>();
            for (long s = 1; s <= last && missing.size() < 20; s++) {
                if (!counts.containsKey(s)) {
                    missing.add(s);
                }
            }
            if (backlog == 0 && last > 0 && missing.isEmpty()) {
                return counts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("last seq " + last + ", backlog " + backlog + ", first missing " + missing
                        + "\n" + gateway.log());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Duplicates come only from rows that were in flight, or acknowledged and not yet deleted (the
     * uplink deletes at most 100 ms late), when the gateway was killed: fails when they exceed
     * {@code perKill} for each of {@code kills}, e.g. when a restart resends rows it had delivered.
     */
    public static void assertDuplicatesAtMost(Map<Long, Integer> counts, int kills, int perKill) {
        long duplicates = duplicates(counts);
        if (duplicates > (long) kills * perKill) {
            throw new AssertionError(duplicates + " duplicate deliveries after " + kills + " kill(s), more than "
                    + perKill + " a kill: a restart resent rows it had delivered");
        }
    }

    /** Deliveries beyond the first, over all seqs. */
    public static long duplicates(Map<Long, Integer> counts) {
        return counts.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** The {@code seq} of a JSON message. */
    public static long seq(MqttRecorder.Received m) {
        try {
            return JSON.readTree(m.payload()).path("seq").asLong();
        } catch (IOException e) {
            throw new AssertionError("not JSON on " + m.topic() + ": " + m.text(), e);
        }
    }
}
