package org.fieldgate.drivers.seismicserial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.SampleClock;
import org.fieldgate.drivers.WaveformPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the FGS1 frames decoded from one read into waveform blocks: checks each frame's rate and axes
 * against the config, follows the sample counter (a gap is counted and its samples keep their place
 * in time; a backward or huge jump is a board restart and timing starts again), merges frames only
 * when they are contiguous, and times every block with a {@link SampleClock}. Not thread-safe: one
 * reader thread.
 */
final class PacketAssembler {

    /** Frames dropped because they state another sample rate than the config's. */
    static final String RATE_MISMATCH = "rate_mismatch";
    /** Frames dropped because they carry another number of axes than the config's. */
    static final String AXES_MISMATCH = "axes_mismatch";
    /** Forward jumps of the sample counter (samples the gateway never got). */
    static final String GAPS = "gaps";
    /** Samples per axis lost in those gaps. */
    static final String SAMPLES_LOST = "samples_lost";
    /** Backward or huge counter jumps: the board restarted, timing started again. */
    static final String COUNTER_RESETS = "counter_resets";
    /** Times the sample clock started again because the times had drifted off the wall clock. */
    static final String CLOCK_RESYNCS = "clock_resyncs";
    static final List<String> COUNTERS =
            List.of(RATE_MISMATCH, AXES_MISMATCH, GAPS, SAMPLES_LOST, COUNTER_RESETS, CLOCK_RESYNCS);

    /** A forward jump worth more than this is taken for a restart, not a gap. */
    static final long MAX_GAP_SECONDS = 600;
    private static final long MASK = 0xFFFF_FFFFL;

    /** Where the assembler counts what it sees. */
    interface Counts {
        void add(String counter, long n);
    }

    private static final Logger log = LoggerFactory.getLogger(PacketAssembler.class);

    private final String sensorId;
    private final int axes;
    private final int rateCentiHz;
    private final double scale;
    private final SampleClock clock;
    private final Counts counts;
    private final List<String> axisNames;
    private final long maxGap;
    /** The counter the next frame should carry; -1 before the first frame. */
    private long expected = -1;
    private boolean rateMismatch;
    private boolean axesMismatch;

    PacketAssembler(String sensorId, int axes, int rateCentiHz, double scale, SampleClock clock, Counts counts) {
        this.sensorId = sensorId;
        this.axes = axes;
        this.rateCentiHz = rateCentiHz;
        this.scale = scale;
        this.clock = clock;
        this.counts = counts;
        this.axisNames = axisNames(axes);
        this.maxGap = Math.round(rateCentiHz / 100.0 * MAX_GAP_SECONDS);
    }

    /** The axes a board of {@code axes} axes reports, in frame order. */
    static List<String> axisNames(int axes) {
        return axes == 1 ? List.of("z") : List.of("x", "y", "z");
    }

    /**
     * The blocks the frames of one read give, in order. The clock places the read's samples as one
     * span whose last sample has just been read (lost samples inside it keep their place); each
     * contiguous run of frames becomes one block within that span. A board restart ends the span.
     */
    List<WaveformPacket> assemble(List<Fgs1Frame> frames) {
        List<WaveformPacket> packets = new ArrayList<>();
        Span span = new Span();
        for (Fgs1Frame f : frames) {
            if (!matchesConfig(f)) {
                continue;
            }
            long skipped = 0;
            if (expected >= 0) {
                long jump = (f.counter() - expected) & MASK;
                if (jump != 0 && jump < (1L << 31) && jump <= maxGap) {
                    skipped = jump;
                    counts.add(GAPS, 1);
                    counts.add(SAMPLES_LOST, jump);
                    log.warn("sensor {}: sample counter gap: expected {}, got {}: {} samples lost ({} s)",
                            sensorId, expected, f.counter(), jump, String.format("%.3f", jump * 100.0 / rateCentiHz));
                } else if (jump != 0) {
                    counts.add(COUNTER_RESETS, 1);
                    log.warn("sensor {}: sample counter jumped from expected {} to {}: board restarted, timing starts again",
                            sensorId, expected, f.counter());
                    place(span, packets);
                    span = new Span();
                    clock.reset();
                }
            }
            span.add(f, skipped);
            expected = (f.counter() + f.n()) & MASK;
        }
        place(span, packets);
        return packets;
    }

    /** Runs of contiguous frames, with the samples lost before and between them. */
    private static final class Span {
        final List<List<Fgs1Frame>> runs = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        long skippedBefore;
        long length;

        void add(Fgs1Frame f, long skipped) {
            if (runs.isEmpty()) {
                skippedBefore = skipped;
            } else {
                length += skipped;
            }
            if (runs.isEmpty() || skipped > 0) {
                runs.add(new ArrayList<>());
                offsets.add(length);
            }
            runs.get(runs.size() - 1).add(f);
            length += f.n();
        }
    }

    private boolean matchesConfig(Fgs1Frame f) {
        if (f.rateCentiHz() != rateCentiHz) {
            counts.add(RATE_MISMATCH, 1);
            if (!rateMismatch) {
                rateMismatch = true;
                log.warn("sensor {}: the board sends {} Hz but the config says rate: {}: frames dropped until they agree",
                        sensorId, hz(f.rateCentiHz()), hz(rateCentiHz));
            }
            return false;
        }
        if (rateMismatch) {
            rateMismatch = false;
            log.info("sensor {}: the board's rate is {} Hz again", sensorId, hz(rateCentiHz));
        }
        if (f.axes() != axes) {
            counts.add(AXES_MISMATCH, 1);
            if (!axesMismatch) {
                axesMismatch = true;
                log.warn("sensor {}: the board sends {} axes but the config says axes: {}: frames dropped until they agree",
                        sensorId, f.axes(), axes);
            }
            return false;
        }
        if (axesMismatch) {
            axesMismatch = false;
            log.info("sensor {}: the board sends {} axes again", sensorId, axes);
        }
        return true;
    }

    private void place(Span span, List<WaveformPacket> packets) {
        if (span.runs.isEmpty()) {
            return;
        }
        SampleClock.Placement at = clock.place(Math.toIntExact(span.length), span.skippedBefore);
        if (at.resynced()) {
            counts.add(CLOCK_RESYNCS, 1);
            log.warn("sensor {}: sample times were more than a second off the clock: timing starts again", sensorId);
        }
        double periodMs = 1000.0 / at.rate();
        for (int r = 0; r < span.runs.size(); r++) {
            packets.add(packet(span.runs.get(r), at.t0() + Math.round(span.offsets.get(r) * periodMs), at.rate()));
        }
    }

    /** @param rate the rate the samples are spaced at: the board's, or the one the clock measured */
    private WaveformPacket packet(List<Fgs1Frame> run, long t0, double rate) {
        int n = 0;
        for (Fgs1Frame f : run) {
            n += f.n();
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int a = 0; a < axes; a++) {
            double[] v = new double[n];
            int i = 0;
            for (Fgs1Frame f : run) {
                for (int s = 0; s < f.n(); s++) {
                    v[i++] = f.count(s, a) * scale;
                }
            }
            values.put(axisNames.get(a), v);
        }
        return new WaveformPacket(t0, rate, SeismicSerialFactory.UNIT, values);
    }

    private static String hz(int centiHz) {
        return centiHz % 100 == 0 ? Integer.toString(centiHz / 100) : Double.toString(centiHz / 100.0);
    }
}
