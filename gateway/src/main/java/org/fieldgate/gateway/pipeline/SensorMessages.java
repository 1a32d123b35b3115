package org.fieldgate.gateway.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.LongFunction;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.mseed.MiniSeedStream;
import org.fieldgate.gateway.store.Lane;

/**
 * The messages a sensor's streams become (telemetry batches, one-second waveform packets, miniSEED
 * records, event window parts), and the names of the streams whose staged fragments they carry.
 * Used alike for what a sensor completes and for what a previous run left staged.
 */
final class SensorMessages {

    private final Topics topics;
    private final MessageEncoder encoder;

    SensorMessages(Topics topics, MessageEncoder encoder) {
        this.topics = topics;
        this.encoder = encoder;
    }

    static String readingsStream(String sensor) {
        return "readings/" + sensor;
    }

    static String secondStream(String sensor) {
        return "second/" + sensor;
    }

    static String mseedStream(String sensor) {
        return "mseed/" + sensor;
    }

    static String windowStream(String sensor, String rule, long onset) {
        return "window/" + sensor + "/" + rule + "/" + onset;
    }

    /**
     * A batch of scalar readings as telemetry messages of at most
     * {@link Pipeline#MAX_READINGS_PER_MESSAGE} readings each.
     */
    void telemetry(String sensor, List<Reading> batch, String stream, List<Outgoing> out) {
        for (int from = 0; from < batch.size(); from += Pipeline.MAX_READINGS_PER_MESSAGE) {
            List<Reading> part = batch.subList(from, Math.min(batch.size(), from + Pipeline.MAX_READINGS_PER_MESSAGE));
            out.add(new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor), seq -> encoder.telemetry(seq, sensor, part),
                    stream));
        }
    }

    /** The topic of a sensor's telemetry: reading batches and one-second packets. */
    String telemetryTopic(String sensor) {
        return topics.telemetry(sensor);
    }

    /** One second of a waveform as one telemetry message. */
    Outgoing second(String sensor, WaveformPacket p, Quality q, String stream) {
        return new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor), seq -> encoder.waveform(seq, sensor, p, q), stream);
    }

    /**
     * Full records as one message on {@code mseed/{sensor}}: the records concatenated, each with the
     * message's seq (mod 10^6) as its sequence number, so a receiver detects gaps as with SeedLink.
     */
    Outgoing records(String sensor, List<byte[]> records, String stream) {
        return new Outgoing(Lane.TELEMETRY, topics.mseed(sensor), miniSeedPayload(records), stream);
    }

    private static LongFunction<byte[]> miniSeedPayload(List<byte[]> records) {
        return seq -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] r : records) {
                byte[] copy = r.clone();
                MiniSeedStream.setSequenceNumber(copy, seq);
                bytes.writeBytes(copy);
            }
            return bytes.toByteArray();
        };
    }

    /** A window as its parts, one message each on the alert lane. */
    void windowParts(String sensor, EventWindows.Window w, Quality q, List<Outgoing> out) {
        List<WaveformPacket> parts = w.parts(EventWindows.MAX_VALUES_PER_PART);
        String stream = windowStream(sensor, w.rule(), w.onset());
        for (int i = 0; i < parts.size(); i++) {
            WaveformPacket part = parts.get(i);
            int number = i + 1;
            out.add(new Outgoing(Lane.ALERT, topics.event(w.rule()), seq -> encoder.eventWindow(seq, w.rule(),
                    sensor, w.onset(), w.later(), w.end(), w.truncated(), number, parts.size(), part, q), stream));
        }
    }
}
