package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.contract.WaveformPayloadReader;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.PendingAppend;
import org.fieldgate.gateway.store.StagedFragment;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the fragments a previous run left staged (it stopped without committing them: a crash, a
 * power cut) into the messages the pipeline's first tick commits: the readings of its open batches,
 * its unfinished waveform seconds, its partial miniSEED records, and its recording event windows
 * (sent as truncated windows). The first tick deletes the fragments in the same transaction.
 *
 * <p>A window staged as a reference to its sensor's one-second packets is rebuilt from those still in
 * the outbox and the staged partial second; packets already delivered are missing from it (the
 * network has them in the continuous stream), so it may come as several truncated parts.
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
                for (Outgoing m : stream(e.getKey(), e.getValue(), byStream, store, messages)) {
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
    private static List<Outgoing> stream(String stream, List<byte[]> fragments, Map<String, List<byte[]>> byStream,
                                         OutboxStore store, SensorMessages messages) {
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
                for (StagedFragments.Samples run : runs(decode(fragments))) {
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
                List<StagedFragments.Samples> runs = StagedFragments.isWindowReference(fragments.get(0))
                        ? referenced(fragments, byStream.get(SensorMessages.secondStream(sensor)),
                                messages.telemetryTopic(sensor), store)
                        : runs(decode(fragments));
                for (StagedFragments.Samples run : runs) {
                    EventWindows.Window w = new EventWindows.Window(key[2], sensor, onset, List.of(), 0, true,
                            run.packet());
                    messages.windowParts(sensor, w, run.quality(), out);
                }
            }
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        }
        return out;
    }

    /** At most this many packets are read back for one window: two hours of seconds. */
    private static final int MAX_PACKETS_READ = 7200;
    private static final int PAGE = 64;

    /**
     * The samples of a window staged by reference: the sensor's one-second packets from the
     * window's start that the outbox still holds, then its staged partial second.
     */
    private static List<StagedFragments.Samples> referenced(List<byte[]> references, List<byte[]> partial,
                                                            String topic, OutboxStore store) {
        long from = Long.MAX_VALUE;
        for (byte[] r : references) {
            from = Math.min(from, StagedFragments.readWindowReference(r));
        }
        List<StagedFragments.Samples> packets = new ArrayList<>();
        long before = Long.MAX_VALUE;
        int read = 0;
        try {
            pages:
            while (read < MAX_PACKETS_READ) {
                List<StoredMessage> page = store.newestOn(topic, before, PAGE);
                for (StoredMessage m : page) {
                    read++;
                    before = m.id();
                    WaveformPayloadReader.Packet p = WaveformPayloadReader.read(m.payload());
                    if (p == null) {
                        continue;
                    }
                    if (end(p.samples()) < from) {
                        break pages; // older than the window
                    }
                    packets.add(0, new StagedFragments.Samples(p.samples(), p.quality()));
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        } catch (StoreException e) {
            log.error("could not read back the one-second packets of a window cut by the last stop: {}",
                    e.getMessage());
        }
        if (partial != null) {
            packets.addAll(decode(partial));
        }
        List<StagedFragments.Samples> inWindow = new ArrayList<>(packets.size());
        for (StagedFragments.Samples s : packets) {
            WaveformPacket p = s.packet();
            int first = 0;
            while (first < p.length() && p.t0() + Math.round(first * 1000.0 / p.sampleRate()) < from) {
                first++;
            }
            if (first < p.length()) {
                inWindow.add(new StagedFragments.Samples(first == 0 ? p : p.slice(first, p.length()), s.quality()));
            }
        }
        return runs(inWindow);
    }

    private static long end(WaveformPacket p) {
        return p.t0() + Math.round((p.length() - 1) * 1000.0 / p.sampleRate());
    }

    private static List<StagedFragments.Samples> decode(List<byte[]> fragments) {
        List<StagedFragments.Samples> out = new ArrayList<>(fragments.size());
        for (byte[] f : fragments) {
            out.add(StagedFragments.readSamples(f));
        }
        return out;
    }

    /** Waveform stretches joined into contiguous runs. */
    private static List<StagedFragments.Samples> runs(List<StagedFragments.Samples> stretches) {
        List<StagedFragments.Samples> out = new ArrayList<>();
        SampleBlock block = new SampleBlock();
        Quality q = Quality.OK;
        for (StagedFragments.Samples s : stretches) {
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
