package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fieldgate.drivers.WaveformPacket;
import org.junit.jupiter.api.Test;

class MiniSeedStreamTest {

    private static final long T0 = 1_795_400_000_000L; // ms
    private static final double UNIT = 1e-5;
    private static final List<String> XYZ = List.of("x", "y", "z");
    private static final MiniSeedCodes CODES_100HZ = MiniSeedCodes.defaults("XX", "GW1", "00", 100, XYZ);

    private static MiniSeedStream stream(MiniSeedCodes codes) {
        return new MiniSeedStream(codes, 512, UNIT, Duration.ofSeconds(10));
    }

    /** A random walk of counts, as a broadband signal looks to Steim-2. */
    private static int[] walk(Random random, int n, double step) {
        int[] out = new int[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            v += random.nextGaussian() * step;
            out[i] = (int) Math.round(v);
        }
        return out;
    }

    private static double[] values(int[] counts, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = counts[i] * UNIT;
        }
        return out;
    }

    private static WaveformPacket packet(long t0, double rate, Map<String, double[]> axes) {
        return new WaveformPacket(t0, rate, "m/s2", axes);
    }

    private static WaveformPacket zPacket(long t0, double rate, int... counts) {
        return packet(t0, rate, Map.of("z", values(counts, 0, counts.length)));
    }

    private static List<byte[]> ofChannel(List<byte[]> records, String channel) {
        return records.stream().filter(r -> MiniSeedReader.read(r, 0).channel().equals(channel)).toList();
    }

    private static int[] decoded(List<byte[]> records) {
        return MiniSeedWriterTest.samplesOf(MiniSeedReader.readAll(MiniSeedWriterTest.concat(records)));
    }

    @Test
    void packetsOfAnySizeGiveExactlyTheRecordsOfOneWriteOfTheWholeSeries() throws Exception {
        Random random = new Random(61);
        int n = 6000;
        Map<String, int[]> counts = new LinkedHashMap<>();
        // small steps use the 4-, 5- and 6-bit packings, whose choice looks up to 7 samples ahead
        counts.put("x", walk(random, n, 3));
        counts.put("y", walk(random, n, 10));
        counts.put("z", walk(random, n, 60));
        MiniSeedStream stream = stream(CODES_100HZ);
        List<byte[]> records = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int to = Math.min(n, from + 1 + random.nextInt(40));
            Map<String, double[]> axes = new LinkedHashMap<>();
            for (String axis : XYZ) {
                axes.put(axis, values(counts.get(axis), from, to));
            }
            List<byte[]> now = stream.add(packet(T0 + from * 10L, 100, axes));
            if (from == 0) {
                assertThat(now).as("nothing before a record is full").isEmpty();
            }
            records.addAll(now);
            from = to;
        }
        int beforeFlush = records.size();
        records.addAll(stream.flush());

        assertThat(beforeFlush).isGreaterThan(3 * 10);
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(512));
        for (String axis : XYZ) {
            String channel = CODES_100HZ.channel(axis);
            List<byte[]> mine = ofChannel(records, channel);
            List<byte[]> reference = new MiniSeedWriter("XX", "GW1", "00", channel, 100, 512)
                    .writeMillis(T0, counts.get(axis));
            // same bytes: dense, chained across packets, same start times and sequence numbers
            assertThat(mine).hasSameSizeAs(reference);
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i)).as("%s record %d", channel, i).isEqualTo(reference.get(i));
            }
            assertThat(decoded(mine)).containsExactly(counts.get(axis));
            assertThat(SeisFileRecord.samples(mine)).containsExactly(counts.get(axis));
            SeisFileRecord first = SeisFileRecord.read(mine.get(0));
            assertThat(first.start()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(List.of(first.network(), first.station(), first.location(), first.channel()))
                    .containsExactly("XX", "GW1", "00", channel);
            assertThat(first.sampleRate()).isEqualTo(100.0);
        }
    }

    @Test
    void recordsComeOutAxisByAxisEachInTimeOrder() {
        Random random = new Random(3);
        int[] big = walk(random, 3000, 2000);
        MiniSeedStream stream = stream(CODES_100HZ);
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("z", values(big, 0, 3000)); // the packet's order does not matter
        axes.put("x", values(big, 0, 3000));
        List<MiniSeedRecord> out = stream.add(packet(T0, 100, axes)).stream().map(r -> MiniSeedReader.read(r, 0))
                .toList();

        List<String> channels = out.stream().map(MiniSeedRecord::channel).distinct().toList();
        assertThat(channels).containsExactly("HNE", "HNZ");
        for (String channel : channels) {
            List<MiniSeedRecord> axis = out.stream().filter(r -> r.channel().equals(channel)).toList();
            for (int i = 1; i < axis.size(); i++) {
                assertThat(axis.get(i).startMicros()).isEqualTo(axis.get(i - 1).endMicros());
            }
        }
    }

    @Test
    void aGapClosesThePartialRecordAndTheNextRecordStartsAtTheGap() throws Exception {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, List.of("z")));
        int[] before = walk(new Random(9), 250, 30);
        for (int i = 0; i < 250; i += 25) {
            assertThat(stream.add(zPacket(T0 + i * 10L, 100, Arrays.copyOfRange(before, i, i + 25)))).isEmpty();
        }
        long afterGap = T0 + 2500 + 1000; // one second of samples lost
        List<byte[]> closed = stream.add(zPacket(afterGap, 100, 7, 8, 9));
        List<byte[]> rest = stream.flush();

        assertThat(closed).hasSize(1);
        SeisFileRecord partial = SeisFileRecord.read(closed.get(0));
        assertThat(partial.samples()).containsExactly(before);
        assertThat(partial.start()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(rest).hasSize(1);
        MiniSeedRecord next = MiniSeedReader.read(rest.get(0), 0);
        assertThat(next.samples()).containsExactly(7, 8, 9);
        assertThat(next.startMicros()).isEqualTo(afterGap * 1000);
        assertThat(SeisFileRecord.read(rest.get(0)).start()).isEqualTo(Instant.ofEpochMilli(afterGap));
    }

    @Test
    void jitterUpToHalfASampleIsContinuousMoreIsAGapEitherWay() {
        // 31.25 Hz: 32 ms per sample, libmseed's default tolerance half of it (16 ms)
        MiniSeedCodes codes = MiniSeedCodes.defaults("XX", "GW1", "", 31.25, List.of("z"));
        for (long offset : new long[] {-16, 0, 15, 16}) {
            MiniSeedStream stream = stream(codes);
            stream.add(zPacket(T0, 31.25, 1, 2, 3, 4));
            assertThat(stream.add(zPacket(T0 + 128 + offset, 31.25, 5, 6))).as("offset %d ms", offset).isEmpty();
            assertThat(stream.flush()).hasSize(1);
        }
        for (long offset : new long[] {-128, -17, 17, 1000}) {
            MiniSeedStream stream = stream(codes);
            stream.add(zPacket(T0, 31.25, 1, 2, 3, 4));
            List<byte[]> closed = stream.add(zPacket(T0 + 128 + offset, 31.25, 5, 6));
            assertThat(closed).as("offset %d ms", offset).hasSize(1);
            assertThat(MiniSeedReader.read(closed.get(0), 0).samples()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void aNewSampleRateStartsANewSeries() {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, List.of("z")));
        stream.add(zPacket(T0, 100, 1, 2, 3));
        List<byte[]> closed = stream.add(zPacket(T0 + 30, 200, 4, 5));
        List<byte[]> rest = stream.flush();

        assertThat(closed).hasSize(1);
        assertThat(MiniSeedReader.read(closed.get(0), 0).sampleRate()).isEqualTo(100.0);
        assertThat(MiniSeedReader.read(rest.get(0), 0).sampleRate()).isEqualTo(200.0);
        assertThat(MiniSeedReader.read(rest.get(0), 0).samples()).containsExactly(4, 5);
    }

    @Test
    void dueEmitsPartialRecordsOnceTheirFirstSampleIsMaxLatencyOldAndTheSeriesGoesOn() throws Exception {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, XYZ));
        int[] counts = walk(new Random(12), 200, 30);
        Map<String, double[]> first = Map.of("x", values(counts, 0, 100), "z", values(counts, 0, 100));
        Map<String, double[]> second = Map.of("x", values(counts, 100, 200), "z", values(counts, 100, 200));
        stream.add(packet(T0, 100, first));

        assertThat(stream.due(T0 + 9_999)).isEmpty();
        List<byte[]> due = stream.due(T0 + 10_000);
        assertThat(due).hasSize(2);
        assertThat(MiniSeedReader.read(due.get(0), 0).channel()).isEqualTo("HNE");
        assertThat(MiniSeedReader.read(due.get(0), 0).samples()).containsExactly(Arrays.copyOf(counts, 100));
        assertThat(stream.due(T0 + 20_000)).isEmpty();

        assertThat(stream.add(packet(T0 + 1000, 100, second))).isEmpty();
        List<byte[]> rest = stream.flush();
        assertThat(rest).hasSize(2);
        MiniSeedRecord next = MiniSeedReader.read(rest.get(0), 0);
        assertThat(next.startMicros()).isEqualTo((T0 + 1000) * 1000);
        List<byte[]> x = List.of(due.get(0), rest.get(0));
        assertThat(decoded(x)).containsExactly(counts);
        assertThat(SeisFileRecord.samples(x)).containsExactly(counts);
        assertThat(stream.flush()).isEmpty();
    }

    @Test
    void sequenceNumberIsTheMessageSeqModuloAMillionReadByBothReaders() throws Exception {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, List.of("z")));
        stream.add(zPacket(T0, 100, 1, 2, 3));
        byte[] record = stream.flush().get(0);
        assertThat(MiniSeedReader.read(record, 0).sequenceNumber()).isEqualTo(1);

        long[] seqs = {1_234_567L, 999_999L, 7L, 3_000_000L, 5_000_000_000_123L};
        int[] expected = {234_567, 999_999, 7, 0, 123};
        for (int i = 0; i < seqs.length; i++) {
            MiniSeedStream.setSequenceNumber(record, seqs[i]);
            assertThat(MiniSeedReader.read(record, 0).sequenceNumber()).isEqualTo(expected[i]);
            assertThat(SeisFileRecord.read(record).sequence()).isEqualTo(expected[i]);
            assertThat(SeisFileRecord.read(record).samples()).containsExactly(1, 2, 3);
        }
        assertThat(new String(record, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("000123");
        assertThatThrownBy(() -> MiniSeedStream.setSequenceNumber(record, -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> MiniSeedStream.setSequenceNumber(new byte[20], 1)).hasMessageContaining("20 bytes");
    }

    @Test
    void countsOutsideSteim2RangeAreClampedAndCounted() throws Exception {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, List.of("z")));
        stream.add(packet(T0, 100, Map.of("z", new double[] {1e6, -1e6, 0.00042, -0.00042, 3e4})));

        int max = MiniSeedStream.MAX_COUNT;
        byte[] record = stream.flush().get(0);
        assertThat(MiniSeedReader.read(record, 0).samples()).containsExactly(max, -max, 42, -42, max);
        assertThat(SeisFileRecord.read(record).samples()).containsExactly(max, -max, 42, -42, max);
        assertThat(stream.clampedSamples()).isEqualTo(3);
    }

    @Test
    void nonFiniteSamplesAreDroppedAndNeverBridged() {
        MiniSeedStream stream = stream(MiniSeedCodes.defaults("XX", "GW1", "", 100, List.of("z")));
        List<byte[]> closed = stream.add(packet(T0, 100, Map.of("z", new double[] {1e-5, 2e-5, Double.NaN, 4e-5, 5e-5})));
        List<byte[]> rest = stream.flush();

        assertThat(closed).hasSize(1);
        assertThat(MiniSeedReader.read(closed.get(0), 0).samples()).containsExactly(1, 2);
        MiniSeedRecord after = MiniSeedReader.read(rest.get(0), 0);
        assertThat(after.samples()).containsExactly(4, 5);
        assertThat(after.startMicros()).isEqualTo((T0 + 30) * 1000);
        assertThat(stream.droppedSamples()).isEqualTo(1);
    }

    @Test
    void packetsMayCarrySomeAxesOnlyButNoUnknownOne() {
        MiniSeedStream stream = stream(CODES_100HZ);
        stream.add(zPacket(T0, 100, 1, 2));
        assertThatThrownBy(() -> stream.add(packet(T0 + 20, 100, Map.of("z", new double[] {0}, "w", new double[] {0}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 'w'");

        List<byte[]> out = stream.flush();
        assertThat(out).hasSize(1);
        assertThat(MiniSeedReader.read(out.get(0), 0).samples()).containsExactly(1, 2); // the bad packet left no trace
        assertThat(MiniSeedReader.read(out.get(0), 0).channel()).isEqualTo("HNZ");
    }

    @Test
    void memoryStaysAboutOneRecordPerAxis() {
        MiniSeedStream stream = stream(CODES_100HZ);
        Random random = new Random(77);
        int maxPerRecord = 7 * 15 - 2; // words in a 512-byte record ...
        maxPerRecord *= 7; // ... of at most 7 samples each
        for (int second = 0; second < 3600; second++) {
            Map<String, double[]> axes = new LinkedHashMap<>();
            for (String axis : XYZ) {
                double[] v = new double[100];
                for (int i = 0; i < 100; i++) {
                    v[i] = random.nextGaussian() * 20 * UNIT;
                }
                axes.put(axis, v);
            }
            stream.add(packet(T0 + second * 1000L, 100, axes));
            assertThat(stream.buffered()).isLessThanOrEqualTo(3 * (maxPerRecord + 100));
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> new MiniSeedStream(CODES_100HZ, 500, UNIT, Duration.ofSeconds(1)))
                .hasMessageContaining("500");
        assertThatThrownBy(() -> new MiniSeedStream(CODES_100HZ, 512, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("units per count");
        assertThatThrownBy(() -> stream(CODES_100HZ).add(zPacket(T0, 0, 1)))
                .hasMessageContaining("sample rate");
    }
}
