package org.fieldgate.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.mseed.MiniSeedCodes;
import org.fieldgate.gateway.mseed.MiniSeedReader;
import org.fieldgate.gateway.mseed.MiniSeedStream;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.testing.OpenEewRecording;

/**
 * Benchmark section "waveform bytes per sample": real OpenEEW accelerometer records (data from
 * OpenEEW (openeew.com), CC BY-SA 4.0; 31.25 Hz, 3 axes) as the uplink would send them, (a) as the
 * JSON waveform telemetry of the MQTT contract, one message per 1-second packet, (b) as miniSEED 2
 * Steim-2 records from {@link MiniSeedStream}, one message per packet that completed records. Bytes
 * per sample = bytes / (samples × axes), for the payload alone and with the MQTT 3.1.1 PUBLISH
 * framing (fixed header, topic, packet id of QoS 1); TCP/TLS framing is not counted. Sizes only:
 * deterministic, nothing is timed.
 */
final class WaveformBytes {

    private static final String SENSOR = "seis1";
    private static final List<String> XYZ = List.of("x", "y", "z");

    private record Recording(String name, String station, String[] files) {
    }

    private static final List<Recording> RECORDINGS = List.of(
            new Recording("station009 -35/-40 (Mw 7.2 near field, PGA 52 gal)", "OE009",
                    new String[] {"station009-35.jsonl", "station009-40.jsonl"}),
            new Recording("station000 -35 (five quiet minutes, Mexico City)", "OE000",
                    new String[] {"station000-35.jsonl"}),
            new Recording("station000 -35/-40 (Mw 7.2 at 400 km, PGA 8 gal)", "OE000",
                    new String[] {"station000-35.jsonl", "station000-40.jsonl"}));

    private record Result(String encoding, long messages, long payload, long framed, double samplesPerRecord) {
    }

    private final Topics topics;
    private final MessageEncoder encoder;

    WaveformBytes(Topics topics, MessageEncoder encoder) {
        this.topics = topics;
        this.encoder = encoder;
    }

    /** Prints a table per recording; returns one summary line per recording. */
    Map<String, String> run() {
        Map<String, String> summary = new java.util.LinkedHashMap<>();
        for (Recording rec : RECORDINGS) {
            OpenEewRecording r = OpenEewRecording.load(rec.files());
            long values = 3L * r.length();
            List<Result> results = new ArrayList<>();
            results.add(json(r));
            for (int length : new int[] {256, 512, 4096}) {
                results.add(miniSeed(r, rec.station(), length, MiniSeedStream.DEFAULT_UNITS_PER_COUNT,
                        "miniSEED " + length + "-byte records"));
            }
            results.add(miniSeed(r, rec.station(), 512, 4e-5, "miniSEED 512, 4 mgal/count (lossy)"));

            System.out.printf("waveform bytes per sample: OpenEEW %s, %,d samples x 3 axes at %.2f Hz%n", rec.name(),
                    r.length(), r.sampleRate());
            System.out.printf("  %-38s %8s %10s %12s %20s%n", "encoding", "messages", "B/sample", "+MQTT B/smp",
                    "record fill latency");
            for (Result x : results) {
                String fill = x.samplesPerRecord() > 0
                        ? String.format(Locale.ROOT, "%.0f smp = %.1f s", x.samplesPerRecord(),
                        x.samplesPerRecord() / r.sampleRate())
                        : "-";
                System.out.printf(Locale.ROOT, "  %-38s %8d %10.3f %12.3f %20s%n", x.encoding(), x.messages(),
                        (double) x.payload() / values, (double) x.framed() / values, fill);
            }
            System.out.println();
            Result json = results.get(0);
            Result mseed = results.get(2);
            summary.put("waveform B/sample, " + rec.name().replaceAll(" \\(.*", "") + " (+MQTT)",
                    String.format(Locale.ROOT, "JSON %.2f (%.2f), miniSEED-512 %.2f (%.2f)",
                            (double) json.payload() / values, (double) json.framed() / values,
                            (double) mseed.payload() / values, (double) mseed.framed() / values));
        }
        return summary;
    }

    /** The pipeline's JSON waveform telemetry: one message per 32-sample (1 s) packet. */
    private Result json(OpenEewRecording r) {
        String topic = topics.telemetry(SENSOR);
        long seq = 1_000_000; // a gateway some days into its life: a 7-digit seq
        long payload = 0;
        long framed = 0;
        List<WaveformPacket> packets = r.packets(32);
        for (WaveformPacket p : packets) {
            int bytes = encoder.waveform(seq++, SENSOR, p, Quality.OK).length;
            payload += bytes;
            framed += publishSize(topic, bytes);
        }
        return new Result("JSON, 1 message per 1 s packet", packets.size(), payload, framed, 0);
    }

    private Result miniSeed(OpenEewRecording r, String station, int recordLength, double unitsPerCount,
                            String label) {
        String topic = topics.root() + "/" + topics.gw() + "/mseed/" + SENSOR;
        MiniSeedStream stream = new MiniSeedStream(MiniSeedCodes.defaults("XX", station, "", r.sampleRate(), XYZ),
                recordLength, unitsPerCount, MiniSeedStream.DEFAULT_MAX_LATENCY);
        long messages = 0;
        long payload = 0;
        long framed = 0;
        long fullRecords = 0;
        long fullSamples = 0;
        for (WaveformPacket p : r.packets(32)) {
            List<byte[]> records = stream.add(p);
            for (byte[] record : records) {
                fullRecords++;
                fullSamples += MiniSeedReader.read(record, 0).samples().length;
            }
            if (!records.isEmpty()) {
                int bytes = records.stream().mapToInt(b -> b.length).sum();
                messages++;
                payload += bytes;
                framed += publishSize(topic, bytes);
            }
        }
        List<byte[]> rest = stream.flush();
        int bytes = rest.stream().mapToInt(b -> b.length).sum();
        messages++;
        payload += bytes;
        framed += publishSize(topic, bytes);
        return new Result(label, messages, payload, framed, (double) fullSamples / fullRecords);
    }

    /**
     * An MQTT 3.1.1 PUBLISH at QoS 1: fixed header (1 byte + remaining length in 1–4 bytes), topic
     * (2-byte length + UTF-8), packet id (2), payload.
     */
    static long publishSize(String topic, int payload) {
        int remaining = 2 + topic.getBytes(StandardCharsets.UTF_8).length + 2 + payload;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return 1 + lengthBytes + remaining;
    }
}
