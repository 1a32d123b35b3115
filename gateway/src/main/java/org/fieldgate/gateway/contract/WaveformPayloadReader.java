package org.fieldgate.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.WaveformPacket;

/**
 * Reads back a one-second waveform packet that {@link MessageEncoder#waveform} wrote (a stored
 * telemetry payload with {@code t0}, {@code sr}, {@code unit}, {@code ch} and maybe {@code q}), so
 * that an event window cut by a crash can be rebuilt from the packets still in the outbox. A
 * {@code null} sample (not finite when written) reads back as NaN.
 */
public final class WaveformPayloadReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A packet and the quality its message carried. */
    public record Packet(WaveformPacket samples, Quality quality) {
    }

    private WaveformPayloadReader() {
    }

    /** The packet {@code payload} carries; null when it is not a waveform packet (a reading batch, damage). */
    public static Packet read(byte[] payload) {
        try {
            JsonNode j = JSON.readTree(payload);
            if (j == null || !j.path("t0").canConvertToLong() || !j.path("sr").isNumber() || !j.path("ch").isObject()) {
                return null;
            }
            Map<String, double[]> axes = new LinkedHashMap<>();
            int length = -1;
            for (Iterator<Map.Entry<String, JsonNode>> it = j.path("ch").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> axis = it.next();
                JsonNode values = axis.getValue();
                if (!values.isArray() || (length >= 0 && values.size() != length)) {
                    return null;
                }
                length = values.size();
                double[] v = new double[length];
                for (int i = 0; i < length; i++) {
                    v[i] = values.get(i).isNumber() ? values.get(i).asDouble() : Double.NaN;
                }
                axes.put(axis.getKey(), v);
            }
            if (axes.isEmpty() || length == 0) {
                return null;
            }
            WaveformPacket p = new WaveformPacket(j.path("t0").asLong(), j.path("sr").asDouble(),
                    j.path("unit").asText(""), axes);
            return new Packet(p, quality(j.path("q").asText(Quality.OK.wire())));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Quality quality(String wire) {
        for (Quality q : Quality.values()) {
            if (q.wire().equals(wire)) {
                return q;
            }
        }
        return Quality.SUSPECT;
    }
}
