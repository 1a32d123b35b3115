package org.fieldgate.gateway.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.rules.AlertEvent;

/**
 * Records the waveform window around each event of one sensor's earthquake triggers: from
 * {@code pre} before the onset to {@code post} after the end, so the network gets the raw shaking
 * even from a site that sends no continuous stream. Keeps the last {@code pre} of blocks for that.
 * A new event of a rule while its last window is still in its post time extends that window. A
 * break in the stream (lost samples) sends what came before it as a window marked
 * {@code truncated} and recording goes on after it (the parts share the event's onset); a window that
 * grows past {@code pre + max_duration + post}, or whose stream stops for {@value #STALLED_MS} ms,
 * ends there ({@code truncated}). Not thread-safe: the pipeline calls it under the sensor's lock.
 */
final class EventWindows {

    /** A finished window. */
    record Window(String rule, String sensor, long onset, List<Long> later, long end, boolean truncated,
                  WaveformPacket samples) {

        /**
         * The window in parts of at most {@code maxValues} values (samples × axes), so that no message
         * outgrows what brokers take (AWS IoT: 128 KB; JSON spends about 10 bytes per value).
         */
        List<WaveformPacket> parts(int maxValues) {
            int axes = Math.max(1, samples.axes().size());
            int per = Math.max(1, maxValues / axes);
            List<WaveformPacket> parts = new ArrayList<>();
            for (int from = 0; from < samples.length(); from += per) {
                parts.add(samples.slice(from, Math.min(samples.length(), from + per)));
            }
            return parts;
        }
    }

    /** Values (samples × axes) per message of a window: about 30 KB of JSON. */
    static final int MAX_VALUES_PER_PART = 3000;

    private final String sensor;
    private final Map<String, RuleCondition.StaLta> rules;
    private final long keepMs;
    private final ArrayDeque<WaveformPacket> history = new ArrayDeque<>();
    private final List<Recording> open = new ArrayList<>();

    private static final class Recording {
        final String rule;
        final long onset;
        /** Onsets of later events of the rule that raised while this window was in its post time. */
        final List<Long> later = new ArrayList<>(0);
        final long start;
        long limitMs;
        final long postMs;
        final SampleBlock block = new SampleBlock();
        long end = Long.MAX_VALUE;
        long lastSample = Long.MIN_VALUE;

        Recording(String rule, long onset, long start, long limitMs, long postMs) {
            this.rule = rule;
            this.onset = onset;
            this.start = start;
            this.limitMs = limitMs;
            this.postMs = postMs;
        }
    }

    /** @param rules rule id → trigger settings, for this sensor's rules that send a window */
    EventWindows(String sensor, Map<String, RuleCondition.StaLta> rules) {
        this.sensor = sensor;
        this.rules = Map.copyOf(rules);
        // a raise comes min_duration after the onset; a block more covers the one that held the onset
        this.keepMs = rules.values().stream().mapToLong(t -> t.pre().plus(t.minDuration()).toMillis() + 1000)
                .max().orElse(0);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** An alert of one of the sensor's rules, before the block that caused it is {@link #add added}. */
    void onAlert(AlertEvent e) {
        RuleCondition.StaLta t = rules.get(e.rule());
        if (t == null || e.shaking() == null) {
            return;
        }
        if (e.state().equals("raised")) {
            for (Recording r : open) {
                if (r.rule.equals(e.rule()) && r.end != Long.MAX_VALUE) {
                    // a new event during the last one's post time (an aftershock, the S wave after a
                    // P-wave trigger): one window goes on over both, instead of sending the samples twice
                    r.later.add(e.shaking().onset());
                    r.end = Long.MAX_VALUE;
                    r.limitMs = Math.max(r.limitMs, e.shaking().onset() - r.start
                            + t.maxDuration().plus(t.post()).toMillis() + 1000);
                    return;
                }
            }
            long start = e.shaking().onset() - t.pre().toMillis();
            Recording r = new Recording(e.rule(), e.shaking().onset(), start,
                    t.pre().plus(t.maxDuration()).plus(t.post()).toMillis() + 1000, t.post().toMillis());
            for (WaveformPacket p : history) {
                append(r, p);
            }
            open.add(r);
        } else if (e.state().equals("cleared")) {
            for (Recording r : open) {
                if (r.rule.equals(e.rule()) && r.end == Long.MAX_VALUE) {
                    r.end = e.shaking().end();
                }
            }
        }
    }

    /** A recording whose stream sent nothing for this long ends where it is. */
    static final long STALLED_MS = 5_000;

    /** Takes the next block; returns the windows it finished. */
    List<Window> add(WaveformPacket block) {
        List<Window> done = new ArrayList<>(0);
        long last = block.t0() + Math.round((block.length() - 1) * 1000.0 / block.sampleRate());
        for (Iterator<Recording> it = open.iterator(); it.hasNext(); ) {
            Recording r = it.next();
            if (!r.block.isEmpty() && !r.block.continuedBy(block)) {
                done.add(finish(r, true)); // a break: what came before it goes, recording goes on after it
            }
            append(r, block);
            boolean tooLong = last - r.start >= r.limitMs;
            boolean over = r.end != Long.MAX_VALUE && last >= r.end + r.postMs;
            if (tooLong || over) {
                if (!r.block.isEmpty()) {
                    done.add(finish(r, tooLong && !over));
                }
                it.remove();
            }
        }
        if (keepMs > 0) {
            history.addLast(block);
            while (history.size() > 1 && second(history) <= last - keepMs) {
                history.removeFirst(); // the blocks after the first still cover pre
            }
        }
        return done;
    }

    /** Windows whose stream stopped: no sample for {@value #STALLED_MS} ms by {@code now}. */
    List<Window> due(long now) {
        List<Window> done = new ArrayList<>(0);
        for (Iterator<Recording> it = open.iterator(); it.hasNext(); ) {
            Recording r = it.next();
            if (r.lastSample != Long.MIN_VALUE && now - r.lastSample > STALLED_MS) {
                if (!r.block.isEmpty()) {
                    done.add(finish(r, true));
                }
                it.remove();
            }
        }
        return done;
    }

    /** Samples of an open recording not yet staged on disk. */
    record Stretch(String rule, long onset, WaveformPacket samples) {
    }

    /**
     * Per open recording, the samples recorded since the last call (all of them when {@code all}),
     * for the pipeline to stage; a recording is known by its rule and onset.
     */
    List<Stretch> unstaged(boolean all) {
        List<Stretch> out = new ArrayList<>(0);
        for (Recording r : open) {
            WaveformPacket p = r.block.unstaged(all);
            if (p != null) {
                out.add(new Stretch(r.rule, r.onset, p));
            }
        }
        return out;
    }

    /** Start of the second block in history. */
    private static long second(ArrayDeque<WaveformPacket> history) {
        Iterator<WaveformPacket> it = history.iterator();
        it.next();
        return it.next().t0();
    }

    /** Every window still recording, cut where it is (at shutdown). */
    List<Window> flush() {
        List<Window> done = new ArrayList<>();
        for (Recording r : open) {
            if (!r.block.isEmpty()) {
                done.add(finish(r, true));
            }
        }
        open.clear();
        return done;
    }

    /** Appends the samples of {@code p} at or after the recording's start, within its time limit. */
    private static void append(Recording r, WaveformPacket p) {
        int n = p.length();
        int from = 0;
        while (from < n && p.t0() + Math.round(from * 1000.0 / p.sampleRate()) < r.start) {
            from++;
        }
        if (from == n) {
            return;
        }
        if (!r.block.isEmpty() && !r.block.continuedBy(p)) {
            r.block.take(); // history with a break in it: keep only what follows the break
        }
        r.block.append(p, from, n);
        r.lastSample = p.t0() + Math.round((n - 1) * 1000.0 / p.sampleRate());
    }

    private Window finish(Recording r, boolean truncated) {
        WaveformPacket samples = r.block.take();
        long end = r.end == Long.MAX_VALUE ? 0 : r.end;
        return new Window(r.rule, sensor, r.onset, List.copyOf(r.later), end, truncated, samples);
    }
}
