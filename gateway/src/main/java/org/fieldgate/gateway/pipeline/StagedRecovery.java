package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.PendingAppend;
import org.fieldgate.gateway.store.StagedFragment;
import org.fieldgate.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the fragments a previous run left staged (it stopped without committing them: a crash, a
 * power cut) into the messages the pipeline's first tick commits: the readings of its open batches,
 * its unfinished waveform seconds, its partial miniSEED records, and its recording event windows
 * (sent as truncated windows). The first tick deletes the fragments in the same transaction.
 */
final class StagedRecovery {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class); // the pipeline's log lines keep their name

    private StagedRecovery() {
    }

    /** The messages of what {@code store} holds staged; none (logged) when it cannot be read. */
    static List<PendingAppend> recover(OutboxStore store, SensorMessages messages) {
        List<PendingAppend> recovered = new ArrayList<>();
        List<StagedFragment> left;
        try {
            left = store.staged();
        } catch (StoreException e) {
            log.error("could not read the readings staged before the last stop; they are lost: {}", e.getMessage());
            return recovered;
        }
        if (left.isEmpty()) {
            return recovered;
        }
        Map<String, List<byte[]>> byStream = new LinkedHashMap<>();
        for (StagedFragment f : left) {
            byStream.computeIfAbsent(f.stream(), k -> new ArrayList<>()).add(f.data());
        }
        for (Map.Entry<String, List<byte[]>> e : byStream.entrySet()) {
            try {
                for (Outgoing m : stream(e.getKey(), e.getValue(), messages)) {
                    recovered.add(m.append());
                }
            } catch (IllegalArgumentException ex) {
                log.error("staged fragments of {} are unreadable and left out: {}", e.getKey(), ex.getMessage());
            }
        }
        log.warn("the last run stopped with {} staged fragment(s) of {} stream(s): recovered as {} message(s)",
                left.size(), byStream.size(), recovered.size());
        return recovered;
    }

    /** The messages of one stream's staged fragments. */
    private static List<Outgoing> stream(String stream, List<byte[]> fragments, SensorMessages messages) {
        String[] key = stream.split("/", -1);
        if (key.length < 2) {
            throw new IllegalArgumentException("unknown stream " + stream);
        }
        String sensor = key[1];
        List<Outgoing> out = new ArrayList<>();
        switch (key[0]) {
            case "readings" -> {
                List<Reading> all = new ArrayList<>();
                for (byte[] f : fragments) {
                    all.addAll(StagedFragments.readReadings(f));
                }
                messages.telemetry(sensor, all, null, out);
            }
            case "second" -> {
                for (StagedFragments.Samples run : runs(fragments)) {
                    out.add(messages.second(sensor, run.packet(), run.quality(), null));
                }
            }
            case "mseed" -> {
                List<byte[]> records = new ArrayList<>();
                for (byte[] f : fragments) {
                    records.addAll(StagedFragments.readRecords(f));
                }
                if (!records.isEmpty()) {
                    out.add(messages.records(sensor, records, null));
                }
            }
            case "window" -> {
                if (key.length != 4) {
                    throw new IllegalArgumentException("unknown stream " + stream);
                }
                long onset = Long.parseLong(key[3]);
                for (StagedFragments.Samples run : runs(fragments)) {
                    EventWindows.Window w = new EventWindows.Window(key[2], sensor, onset, List.of(), 0, true,
                            run.packet());
                    messages.windowParts(sensor, w, run.quality(), out);
                }
            }
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        }
        return out;
    }

    /** Staged waveform stretches joined into contiguous runs. */
    private static List<StagedFragments.Samples> runs(List<byte[]> fragments) {
        List<StagedFragments.Samples> out = new ArrayList<>();
        SampleBlock block = new SampleBlock();
        Quality q = Quality.OK;
        for (byte[] f : fragments) {
            StagedFragments.Samples s = StagedFragments.readSamples(f);
            if (!block.isEmpty() && !block.continuedBy(s.packet())) {
                out.add(new StagedFragments.Samples(block.take(), q));
            }
            block.append(s.packet(), 0, s.packet().length());
            q = s.quality();
        }
        if (!block.isEmpty()) {
            out.add(new StagedFragments.Samples(block.take(), q));
        }
        return out;
    }
}
