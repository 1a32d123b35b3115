package org.fieldgate.gateway.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.replay.ReplayInputException;

/**
 * A real OpenEEW accelerometer record (data from OpenEEW (openeew.com), CC BY-SA 4.0) from the test
 * resources {@code fixtures/openeew/}, as one series, read with the replay's reader. Conventions of
 * {@code src/test/resources/README.md}: lines sorted by (cloud_t, device_t), sample i of a line of n
 * at cloud_t − (n−1−i)/sr; values in gal (cm/s²).
 *
 * @param sampleRate the lines' {@code sr}
 * @param t          per-sample time, s since the Unix epoch
 * @param x          gal
 * @param y          gal
 * @param z          gal
 */
public record OpenEewRecording(double sampleRate, double[] t, double[] x, double[] y, double[] z) {

    /** The files, e.g. {@code station009-35.jsonl}, {@code station009-40.jsonl}, read in order as one record. */
    public static OpenEewRecording load(String... files) {
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            try {
                paths.add(Path.of(OpenEewRecording.class.getResource("/fixtures/openeew/" + file).toURI()));
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalArgumentException("no fixture " + file, e);
            }
        }
        List<WaveformPacket> lines;
        try {
            lines = org.fieldgate.gateway.replay.OpenEewRecording.read(paths); // the replay's own reader
        } catch (ReplayInputException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        int total = lines.stream().mapToInt(WaveformPacket::length).sum();
        double[] t = new double[total];
        double[][] axes = new double[3][total];
        int k = 0;
        for (WaveformPacket l : lines) {
            for (int i = 0; i < l.length(); i++, k++) {
                t[k] = (l.t0() + i * 1000 / l.sampleRate()) / 1000;
                int a = 0;
                for (double[] values : l.axes().values()) {
                    axes[a++][k] = Math.round(values[i] * 100 * 1e6) / 1e6; // back to gal, as recorded
                }
            }
        }
        return new OpenEewRecording(lines.get(0).sampleRate(), t, axes[0], axes[1], axes[2]);
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
}
