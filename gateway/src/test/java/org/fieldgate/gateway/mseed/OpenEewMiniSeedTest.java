package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real accelerometer data (OpenEEW stations 009 and 000, the 2018 Mw 7.2 Pinotepa earthquake; data
 * from OpenEEW (openeew.com), CC BY-SA 4.0) through {@link MiniSeedStream} in 32-sample packets, at
 * 1 mgal (1e-5 m/s²) per count: both readers give back every published value exactly, and 512-byte
 * records stay within the 2 bytes per sample. Sizes are deterministic; nothing is timed.
 */
class OpenEewMiniSeedTest {

    private static final double UNITS_PER_COUNT = 1e-5;

    static List<byte[]> records(OpenEewRecording r, MiniSeedCodes codes, int recordLength) {
        MiniSeedStream stream = new MiniSeedStream(codes, recordLength, UNITS_PER_COUNT,
                MiniSeedStream.DEFAULT_MAX_LATENCY);
        List<byte[]> out = new ArrayList<>();
        for (WaveformPacket p : r.packets(32)) {
            out.addAll(stream.add(p));
        }
        out.addAll(stream.flush());
        assertThat(stream.clampedSamples()).isZero();
        return out;
    }

    private static int[] milligals(double[] gal) {
        int[] out = new int[gal.length];
        for (int i = 0; i < gal.length; i++) {
            out[i] = (int) Math.round(gal[i] * 1000);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"OE009, station009-35.jsonl, station009-40.jsonl", "OE000, station000-35.jsonl, station000-40.jsonl"})
    void realRecordsDecodeExactlyWithBothReadersInUnderTwoBytesPerSample(String station, String first, String second)
            throws Exception {
        OpenEewRecording r = OpenEewRecording.load(first, second);
        MiniSeedCodes codes = MiniSeedCodes.defaults("XX", station, "", r.sampleRate(), List.of("x", "y", "z"));
        List<byte[]> records = records(r, codes, 512);

        Map<String, double[]> axes = Map.of("x", r.x(), "y", r.y(), "z", r.z());
        for (Map.Entry<String, String> axis : codes.channels().entrySet()) {
            int[] expected = milligals(axes.get(axis.getKey()));
            List<byte[]> channel = records.stream()
                    .filter(b -> MiniSeedReader.read(b, 0).channel().equals(axis.getValue())).toList();
            assertThat(SeisFileRecord.samples(channel)).as(axis.getValue()).containsExactly(expected);
            assertThat(MiniSeedWriterTest.samplesOf(MiniSeedReader.readAll(MiniSeedWriterTest.concat(channel))))
                    .containsExactly(expected);

            long start = r.startMillis() * 1000;
            int before = 0;
            for (int k = 0; k < channel.size(); k++) {
                MiniSeedRecord ours = MiniSeedReader.read(channel.get(k), 0);
                SeisFileRecord theirs = SeisFileRecord.read(channel.get(k));
                long expectedMicros = start + Math.round(before * 1e6 / 31.25); // 32 000 µs a sample
                assertThat(ours.startMicros()).isEqualTo(expectedMicros);
                assertThat(theirs.start()).isEqualTo(Instant.ofEpochSecond(0, expectedMicros * 1000));
                assertThat(ours.streamId()).isEqualTo("XX." + station + ".." + axis.getValue());
                assertThat(theirs.sampleRate()).isEqualTo(31.25);
                assertThat(ours.sequenceNumber()).isEqualTo(k + 1);
                before += ours.samples().length;
            }
        }
        long bytes = records.stream().mapToLong(b -> b.length).sum();
        double perSample = (double) bytes / (3L * r.length());
        System.out.printf("OpenEEW %s: %d samples x 3 axes in %d records of 512 bytes = %.3f bytes/sample%n",
                station, r.length(), records.size(), perSample);
        assertThat(perSample).isLessThanOrEqualTo(2.0);
    }

    /**
     * The published values are whole milligals (1e-5 m/s², the default count), and no two distinct
     * values of an axis are closer than 3 mgal: the sensor's own step (an ADXL355 count at ±2 g,
     * about 3.8 mgal) is coarser than a count, so a count of 1 mgal loses nothing.
     */
    @ParameterizedTest
    @CsvSource({"station009-35.jsonl", "station009-40.jsonl", "station000-35.jsonl", "station000-40.jsonl"})
    void publishedValuesAreWholeMilligalsCoarserThanOneCount(String file) {
        OpenEewRecording r = OpenEewRecording.load(file);
        for (double[] axis : List.of(r.x(), r.y(), r.z())) {
            TreeSet<Integer> distinct = new TreeSet<>();
            for (double gal : axis) {
                assertThat(gal * 1000).isCloseTo(Math.rint(gal * 1000), org.assertj.core.api.Assertions.within(1e-6));
                distinct.add((int) Math.round(gal * 1000));
            }
            Integer previous = null;
            for (int v : distinct) {
                if (previous != null) {
                    assertThat(v - previous).isGreaterThanOrEqualTo(3);
                }
                previous = v;
            }
        }
    }
}
