package org.fieldgate.drivers.seismicserial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fieldgate.drivers.SampleClock;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.HandClock;
import org.junit.jupiter.api.Test;

/** Frames of one read → blocks, at 100 Hz (10 ms a sample) on a hand-set clock. */
class PacketAssemblerTest {

    private static final long START = 1_700_000_000_000L;
    private static final double SCALE = 1.0e-5;

    private final HandClock wall = new HandClock(START);
    private final Map<String, Long> counters = new TreeMap<>();
    private final PacketAssembler assembler = assembler(3);

    private PacketAssembler assembler(int axes) {
        return new PacketAssembler("seis1", axes, 10000, SCALE, new SampleClock(100, wall),
                (c, n) -> counters.merge(c, n, Long::sum));
    }

    /** A frame of {@code n} samples whose counts say which sample they are: x = i, y = −i, z = 2i. */
    private static Fgs1Frame frame(long counter, int n) {
        return frame(counter, n, 10000);
    }

    private static Fgs1Frame frame(long counter, int n, int rate) {
        int[] counts = new int[3 * n];
        for (int s = 0; s < n; s++) {
            int i = (int) ((counter + s) % 1_000_000);
            counts[3 * s] = i;
            counts[3 * s + 1] = -i;
            counts[3 * s + 2] = 2 * i;
        }
        return new Fgs1Frame(3, rate, counter, counts);
    }

    /**
     * Reads {@code frames} 2 ms after the last sample of the last one was taken, in a stream whose
     * sample 0 was taken at START.
     */
    private List<WaveformPacket> read(Fgs1Frame... frames) {
        Fgs1Frame last = frames[frames.length - 1];
        wall.millis = START + (last.counter() + last.n() - 1) * 10 + 2;
        return assembler.assemble(List.of(frames));
    }

    private static double[] ramp(long from, int n, double factor) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (int) ((from + i) * factor) * SCALE;
        }
        return v;
    }

    private long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    @Test
    void contiguousFramesOfOneReadMergeIntoOneBlock() {
        List<WaveformPacket> first = read(frame(0, 3), frame(3, 3), frame(6, 3));
        assertThat(first).hasSize(1);
        WaveformPacket p = first.get(0);
        assertThat(p.sampleRate()).isEqualTo(100.0);
        assertThat(p.unit()).isEqualTo("m/s2");
        assertThat(p.axes().keySet()).containsExactly("x", "y", "z");
        assertThat(p.axes().get("x")).containsExactly(ramp(0, 9, 1));
        assertThat(p.axes().get("y")).containsExactly(ramp(0, 9, -1));
        assertThat(p.axes().get("z")).containsExactly(ramp(0, 9, 2));
        assertThat(p.t0()).isEqualTo(START + 2);

        WaveformPacket next = read(frame(9, 3)).get(0);
        assertThat(next.t0()).isEqualTo(START + 2 + 90);
        assertThat(counters.values()).allMatch(v -> v == 0);
    }

    @Test
    void aGapInsideOneReadSplitsTheBlockAndKeepsTheLostSamplesPlace() {
        List<WaveformPacket> packets = read(frame(0, 3), frame(3, 3), frame(10, 3), frame(13, 3));
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).axes().get("x")).containsExactly(ramp(0, 6, 1));
        assertThat(packets.get(1).axes().get("x")).containsExactly(ramp(10, 6, 1));
        assertThat(packets.get(1).t0() - packets.get(0).t0()).isEqualTo(100); // 10 samples later
        assertThat(counter(PacketAssembler.GAPS)).isEqualTo(1);
        assertThat(counter(PacketAssembler.SAMPLES_LOST)).isEqualTo(4);
    }

    @Test
    void aGapBetweenReadsShowsAsAJumpInT0() {
        long t0 = read(frame(0, 4)).get(0).t0();
        read(frame(4, 4));
        WaveformPacket after = read(frame(12, 4)).get(0); // frame 8..11 never arrived
        assertThat(after.t0() - t0).isEqualTo(120);
        assertThat(counter(PacketAssembler.GAPS)).isEqualTo(1);
        assertThat(counter(PacketAssembler.SAMPLES_LOST)).isEqualTo(4);
    }

    @Test
    void theCounterWrapsAt2To32WithoutAGap() {
        long start = 0xFFFF_FFFFL - 4;
        List<WaveformPacket> packets = new ArrayList<>();
        wall.millis = START + 20 + 2;
        packets.addAll(assembler.assemble(List.of(frame(start, 3))));
        wall.millis = START + 80 + 2;
        packets.addAll(assembler.assemble(List.of(frame(0xFFFF_FFFFL - 1, 3), frame(1, 3))));
        assertThat(packets).hasSize(2);
        assertThat(packets.get(1).t0() - packets.get(0).t0()).isEqualTo(30);
        assertThat(counter(PacketAssembler.GAPS)).isZero();
        assertThat(counter(PacketAssembler.COUNTER_RESETS)).isZero();
    }

    @Test
    void aBackwardJumpIsABoardRestartAndTimingStartsAgain() {
        read(frame(0, 5), frame(5, 5));
        wall.millis = START + 5_000; // the board rebooted: counting from 0 again, read now
        List<WaveformPacket> packets = assembler.assemble(List.of(frame(0, 5)));
        assertThat(packets.get(0).t0()).isEqualTo(START + 5_000 - 40);
        assertThat(counter(PacketAssembler.COUNTER_RESETS)).isEqualTo(1);
        assertThat(counter(PacketAssembler.GAPS)).isZero();
        assertThat(counter(PacketAssembler.SAMPLES_LOST)).isZero();
        assertThat(counter(PacketAssembler.CLOCK_RESYNCS)).isZero();
    }

    @Test
    void aRestartInsideOneReadEndsTheBlockBeforeIt() {
        List<WaveformPacket> packets = read(frame(100, 5), frame(105, 5), frame(0, 5));
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).length()).isEqualTo(10);
        assertThat(packets.get(1).axes().get("x")).containsExactly(ramp(0, 5, 1));
        assertThat(counter(PacketAssembler.COUNTER_RESETS)).isEqualTo(1);
    }

    @Test
    void aJumpOfMoreThanTenMinutesIsARestartNotAGap() {
        read(frame(0, 5));
        long tenMinutes = 100 * 600;
        read(frame(5 + tenMinutes, 5)); // exactly ten minutes lost: still a gap
        assertThat(counter(PacketAssembler.GAPS)).isEqualTo(1);
        assertThat(counter(PacketAssembler.SAMPLES_LOST)).isEqualTo(tenMinutes);
        read(frame(10 + 2 * tenMinutes + 1, 5));
        assertThat(counter(PacketAssembler.GAPS)).isEqualTo(1);
        assertThat(counter(PacketAssembler.COUNTER_RESETS)).isEqualTo(1);
    }

    @Test
    void framesAtAnotherRateAreDroppedAndTheirSamplesCountAsLost() {
        List<WaveformPacket> packets = read(frame(0, 5), frame(5, 5, 20000), frame(10, 5));
        assertThat(counter(PacketAssembler.RATE_MISMATCH)).isEqualTo(1);
        assertThat(packets).hasSize(2);
        assertThat(packets.get(1).t0() - packets.get(0).t0()).isEqualTo(100);
        assertThat(counter(PacketAssembler.SAMPLES_LOST)).isEqualTo(5);

        assertThat(read(frame(15, 5, 3125), frame(20, 5, 3125))).isEmpty();
        assertThat(counter(PacketAssembler.RATE_MISMATCH)).isEqualTo(3);
    }

    @Test
    void aOneAxisBoardGivesZOnlyAndThreeAxisFramesAreDropped() {
        PacketAssembler z = assembler(1);
        wall.millis = START + 20;
        List<WaveformPacket> packets = z.assemble(List.of(new Fgs1Frame(1, 10000, 0, new int[] {7, 8, 9}),
                frame(3, 3)));
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).axes().keySet()).containsExactly("z");
        assertThat(packets.get(0).axes().get("z")).containsExactly(7 * SCALE, 8 * SCALE, 9 * SCALE);
        assertThat(counter(PacketAssembler.AXES_MISMATCH)).isEqualTo(1);
    }

    @Test
    void timesFarOffTheClockStartAgainAndAreCounted() {
        read(frame(0, 5));
        wall.millis += 10_000; // the wall clock steps forward: every read from now on is 10 s "late"
        WaveformPacket p = null;
        for (int k = 1; k < 100 && counter(PacketAssembler.CLOCK_RESYNCS) == 0; k++) {
            p = assembler.assemble(List.of(frame(5L * k, 5))).get(0);
            wall.millis += 50;
        }
        // once a whole window (2 s) of reads was late, the times start again from the read time
        assertThat(counter(PacketAssembler.CLOCK_RESYNCS)).isEqualTo(1);
        assertThat(p.t0()).isEqualTo(wall.millis - 50 - 40);
    }
}
