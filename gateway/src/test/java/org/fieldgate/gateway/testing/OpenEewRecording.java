package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;

/**
 * A real OpenEEW accelerometer record (data from OpenEEW (openeew.com), CC BY-SA 4.0) from the test
 * resources {@code fixtures/openeew/}, as one series. Conventions of {@code shared/fixtures/README.md}:
 * lines sorted by (cloud_t, device_t), sample i of a line of n at cloud_t − (n−1−i)/sr; values in gal
 * (cm/s²).
 *
 * @param sampleRate the lines' {@code sr}
 * @param t          per-sample time, s since the Unix epoch
 * @param x          gal
 * @param y          gal
 * @param z          gal
 */
public record OpenEewRecording(double sampleRate, double[] t, double[] x, double[] y, double[] z) {

    private record Line(double cloudT, double deviceT, double sr, double[] x, double[] y, double[] z) {
    }

    /** The files, e.g. {@code station009-35.jsonl}, {@code station009-40.jsonl}, read in order as one record. */
    public static OpenEewRecording load(String... files) {
        ObjectMapper json = new ObjectMapper();
        List<Line> lines = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = OpenEewRecording.class.getResourceAsStream("/fixtures/openeew/" + file);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = reader.readLine()) != null) {
                    if (text.isBlank()) {
                        continue;
                    }
                    JsonNode n = json.readTree(text);
                    lines.add(new Line(n.get("cloud_t").asDouble(), n.get("device_t").asDouble(),
                            n.get("sr").asDouble(), doubles(n.get("x")), doubles(n.get("y")), doubles(n.get("z"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading fixture " + file, e);
            }
        }
        lines.sort(Comparator.comparingDouble(Line::cloudT).thenComparingDouble(Line::deviceT));
        int total = lines.stream().mapToInt(l -> l.x().length).sum();
        double[] t = new double[total];
        double[] x = new double[total];
        double[] y = new double[total];
        double[] z = new double[total];
        int k = 0;
        for (Line l : lines) {
            int n = l.x().length;
            for (int i = 0; i < n; i++, k++) {
                t[k] = l.cloudT() - (n - 1 - i) / l.sr();
                x[k] = l.x()[i];
                y[k] = l.y()[i];
                z[k] = l.z()[i];
            }
        }
        return new OpenEewRecording(lines.get(0).sr(), t, x, y, z);
    }

    public int length() {
        return t.length;
    }

    /** Time of the first sample, ms since the Unix epoch. */
    public long startMillis() {
        return Math.round(t[0] * 1000);
    }

    /**
     * The record as packets of {@code size} samples (the last may be shorter) in m/s², timed as one
     * continuous series from the first sample at the nominal rate, as a gateway's sample clock times
     * a sensor that loses nothing. (The recorded times cannot be used as they are: {@code device_t}
     * advances about 1.064 s per 32 samples labelled 31.25 Hz, so per-line times would tear the
     * series by 40 ms at every line.)
     */
    public List<WaveformPacket> packets(int size) {
        List<WaveformPacket> packets = new ArrayList<>();
        for (int from = 0; from < length(); from += size) {
            int to = Math.min(length(), from + size);
            Map<String, double[]> axes = new LinkedHashMap<>();
            axes.put("x", metres(x, from, to));
            axes.put("y", metres(y, from, to));
            axes.put("z", metres(z, from, to));
            packets.add(new WaveformPacket(startMillis() + Math.round(from * 1000 / sampleRate), sampleRate, "m/s2",
                    axes));
        }
        return packets;
    }

    private static double[] metres(double[] gal, int from, int to) {
        double[] out = Arrays.copyOfRange(gal, from, to);
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] / 100; // 1 gal = 1 cm/s²
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
