package org.fieldgate.gateway.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;

/**
 * A 3-axis accelerometer record in OpenEEW's JSON lines, one message of about a second per line:
 * {@code {"device_id":…,"x":[…],"y":[…],"z":[…],"sr":31.25,"device_t":…,"cloud_t":…}} with
 * accelerations in gal (cm/s²). As OpenEEW's own tools read it: lines sorted by
 * {@code (cloud_t, device_t)}, sample {@code i} of a line of {@code n} at
 * {@code cloud_t − (n−1−i)/sr}. Each line becomes one {@link WaveformPacket} in m/s² (the gateway's
 * unit), its {@code t0} rounded to the millisecond.
 */
public final class OpenEewRecording {

    /** gal (cm/s²) to m/s². */
    static final double METRES_PER_SECOND_SQUARED_PER_GAL = 0.01;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AXES = List.of("x", "y", "z");

    private OpenEewRecording() {
    }

    /** True when a file's first non-blank character opens a JSON object (a JSON-lines recording). */
    public static boolean looksLikeJsonLines(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) {
                if (!Character.isWhitespace(c) && c != '\uFEFF') {
                    return c == '{';
                }
            }
            return false;
        }
    }

    /**
     * Reads the files as one record, lines sorted by {@code (cloud_t, device_t)}.
     *
     * @throws ReplayInputException naming the file and line of a line that is not a valid message
     */
    public static List<WaveformPacket> read(List<Path> files) throws ReplayInputException {
        record Line(double cloudT, double deviceT, WaveformPacket packet) {
        }
        List<Line> lines = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String text;
                int number = 0;
                while ((text = reader.readLine()) != null) {
                    number++;
                    if (text.isBlank()) {
                        continue;
                    }
                    JsonNode n = parse(file, number, text);
                    double cloudT = time(file, number, n, "cloud_t");
                    double deviceT = n.has("device_t") ? time(file, number, n, "device_t") : cloudT;
                    lines.add(new Line(cloudT, deviceT, packet(file, number, n, cloudT)));
                }
            } catch (IOException e) {
                throw new ReplayInputException(file + ": cannot read: " + e.getMessage());
            }
        }
        lines.sort(Comparator.comparingDouble(Line::cloudT).thenComparingDouble(Line::deviceT));
        return lines.stream().map(Line::packet).toList();
    }

    private static JsonNode parse(Path file, int line, String text) throws ReplayInputException {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw ReplayInputException.at(file.toString(), line, 1, "expected a JSON object per line");
            }
            return n;
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            throw ReplayInputException.at(file.toString(), line, column, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static double time(Path file, int line, JsonNode n, String key) throws ReplayInputException {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() <= 0) {
            throw ReplayInputException.at(file.toString(), line, 1, key + ": expected a Unix time in seconds, got "
                    + (v == null ? "nothing" : v.toString()));
        }
        return v.doubleValue();
    }

    private static WaveformPacket packet(Path file, int line, JsonNode n, double cloudT) throws ReplayInputException {
        JsonNode sr = n.get("sr");
        if (sr == null || !sr.isNumber() || !(sr.doubleValue() > 0)) {
            throw ReplayInputException.at(file.toString(), line, 1, "sr: expected the sample rate in Hz, got "
                    + (sr == null ? "nothing" : sr.toString()));
        }
        Map<String, double[]> axes = new LinkedHashMap<>();
        int length = -1;
        for (String axis : AXES) {
            JsonNode values = n.get(axis);
            if (values == null || !values.isArray() || values.isEmpty()) {
                throw ReplayInputException.at(file.toString(), line, 1, axis
                        + ": expected a non-empty array of accelerations in gal");
            }
            if (length >= 0 && values.size() != length) {
                throw ReplayInputException.at(file.toString(), line, 1, axis + " has " + values.size()
                        + " samples, x has " + length);
            }
            length = values.size();
            double[] samples = new double[length];
            for (int i = 0; i < length; i++) {
                JsonNode v = values.get(i);
                if (!v.isNumber()) {
                    throw ReplayInputException.at(file.toString(), line, 1, axis + "[" + i + "]: expected a number, got "
                            + v);
                }
                samples[i] = v.doubleValue() * METRES_PER_SECOND_SQUARED_PER_GAL;
            }
            axes.put(axis, samples);
        }
        double rate = sr.doubleValue();
        long t0 = Math.round((cloudT - (length - 1) / rate) * 1000);
        return new WaveformPacket(t0, rate, "m/s2", axes);
    }
}
