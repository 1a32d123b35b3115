package org.fieldgate.gateway.mseed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fieldgate.drivers.WaveformPacket;

/**
 * Turns one waveform sensor's packets into fixed-length miniSEED 2 records with Steim-2 data, one
 * series per axis, emitting a record only when it is full (as a SeedLink server does: the latency
 * is the time to fill a record), so records are dense.
 *
 * <ul>
 *   <li>Samples become integer counts {@code round(value / unitsPerCount)}, clamped to
 *       ±{@value #MAX_COUNT} (counted by {@link #clampedSamples()}): within that range any two
 *       samples differ by a 30-bit Steim-2 difference.</li>
 *   <li>Records of one axis chain: each one's first difference is its first sample minus the
 *       previous record's last sample, across {@link #add} calls.</li>
 *   <li>A gap is never bridged: a packet whose first sample is off the expected time (the previous
 *       sample + one period) by more than half a period (libmseed's default time tolerance), or that
 *       comes at another rate, first closes the axis's partial record. So does a sample that is not
 *       finite (NaN, infinity), which is dropped ({@link #droppedSamples()}).</li>
 *   <li>{@link #due} emits partial records whose first sample is older than {@code maxLatency}, so a
 *       slow stream still gets out; {@link #flush} emits them all.</li>
 * </ul>
 * Memory is one partial record per axis. Records carry sequence numbers 1, 2, … per axis; the
 * uplink overwrites them with {@link #setSequenceNumber}. Not thread-safe: one stream per sensor,
 * fed by one thread.
 */
public final class MiniSeedStream {

    /** A 512-byte record holds 7 Steim-2 frames: a few hundred samples of real ground motion. */
    public static final int DEFAULT_RECORD_LENGTH = 512;
    /** 1e-5 m/s² (1 mgal) per count: finer than an ADXL355's 3.8e-5 m/s² step at ±2 g. */
    public static final double DEFAULT_UNITS_PER_COUNT = 1e-5;
    /** A partial record waits at most this long for its first sample to be sent. */
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofSeconds(30);
    /** Largest count magnitude: 2^28 − 1, so that every difference fits Steim-2's 30 bits. */
    public static final int MAX_COUNT = (1 << 28) - 1;

    private final MiniSeedCodes codes;
    private final int recordLength;
    private final double unitsPerCount;
    private final long maxLatencyMicros;
    private final Map<String, AxisRecords> axes = new LinkedHashMap<>();
    private long clamped;
    private long dropped;

    /**
     * @param codes         stream codes; one channel code per axis the packets carry
     * @param recordLength  bytes per record, a power of two 256–65536 (512 for the uplink)
     * @param unitsPerCount the packet unit per integer count (m/s² for accelerometers)
     * @param maxLatency    how long a partial record may wait before {@link #due} emits it
     */
    public MiniSeedStream(MiniSeedCodes codes, int recordLength, double unitsPerCount, Duration maxLatency) {
        this.codes = Objects.requireNonNull(codes, "codes");
        if (!(unitsPerCount > 0) || Double.isInfinite(unitsPerCount)) {
            throw new IllegalArgumentException("miniSEED units per count must be positive: " + unitsPerCount);
        }
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("miniSEED max latency must not be negative: " + maxLatency);
        }
        MiniSeedWriter.checkRecordLength(recordLength);
        this.recordLength = recordLength;
        this.unitsPerCount = unitsPerCount;
        this.maxLatencyMicros = maxLatency.toNanos() / 1000;
        codes.channels().forEach((axis, channel) -> axes.put(axis, new AxisRecords(codes, channel, recordLength)));
    }

    /** With 512-byte records, 1e-5 units per count and a 30 s maximum latency. */
    public MiniSeedStream(MiniSeedCodes codes) {
        this(codes, DEFAULT_RECORD_LENGTH, DEFAULT_UNITS_PER_COUNT, DEFAULT_MAX_LATENCY);
    }

    /**
     * Appends a packet; returns the records it completed: each axis's in time order, axes in the
     * order of the codes. A packet not continuous with an axis's buffered samples first closes that
     * axis's partial record (returned before the new ones).
     *
     * @throws IllegalArgumentException for an axis without a channel code or a rate that is not positive
     */
    public List<byte[]> add(WaveformPacket packet) {
        double rate = packet.sampleRate();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("miniSEED: sample rate must be positive: " + rate);
        }
        for (String axis : packet.axes().keySet()) {
            codes.channel(axis); // throws naming the axis
        }
        List<byte[]> out = new ArrayList<>();
        long t0Micros = packet.t0() * 1000;
        axes.forEach((axis, records) -> {
            double[] values = packet.axes().get(axis);
            if (values == null) {
                return;
            }
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!Double.isFinite(v)) {
                    dropped++;
                    records.breakSeries(out);
                    continue;
                }
                records.append(t0Micros + Math.round(i * 1e6 / rate), rate, count(v), out);
            }
            records.emitFull(out);
        });
        return out;
    }

    /** Emits the partial records whose first sample is at least {@code maxLatency} older than {@code nowMillis}. */
    public List<byte[]> due(long nowMillis) {
        List<byte[]> out = new ArrayList<>();
        long now = nowMillis * 1000;
        for (AxisRecords records : axes.values()) {
            if (!records.isEmpty() && now - records.firstMicros() >= maxLatencyMicros) {
                records.emitPartial(out);
            }
        }
        return out;
    }

    /** Emits every partial record (at shutdown); series go on if more packets come. */
    public List<byte[]> flush() {
        List<byte[]> out = new ArrayList<>();
        axes.values().forEach(r -> r.emitPartial(out));
        return out;
    }

    /**
     * The partial records {@link #flush} would emit now, without emitting them: the series goes on
     * exactly as if this were never called (but for the records' own sequence numbers, which the
     * uplink overwrites).
     */
    public List<byte[]> partials() {
        List<byte[]> out = new ArrayList<>();
        axes.values().forEach(r -> r.peekPartial(out));
        return out;
    }

    /** Samples clamped to ±{@link #MAX_COUNT} counts since the stream was made. */
    public long clampedSamples() {
        return clamped;
    }

    /** Samples that were not finite and so were left out (each closes its axis's series). */
    public long droppedSamples() {
        return dropped;
    }

    public MiniSeedCodes codes() {
        return codes;
    }

    public int recordLength() {
        return recordLength;
    }

    /** Samples buffered in partial records, all axes. */
    int buffered() {
        return axes.values().stream().mapToInt(AxisRecords::buffered).sum();
    }

    /**
     * Writes {@code seq mod 1 000 000} as the six ASCII digits of a record's sequence number (fixed
     * header bytes 0–5), so that a receiver can find the uplink message a record came in and detect
     * gaps, as with SeedLink. A multiple of 10^6 gives {@code 000000}: SEED counts from
     * {@code 000001}, but readers accept any digits (libmseed's {@code MS2_ISVALIDHEADER} checks for
     * digits, spaces or NUL; seisFile and {@link MiniSeedReader} parse the number), and keeping the
     * field equal to the message seq's last six digits beats skipping a value.
     *
     * @throws IllegalArgumentException when {@code seq} is negative or the bytes are shorter than a
     *     fixed header
     */
    public static void setSequenceNumber(byte[] record, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("miniSEED sequence number must not be negative: " + seq);
        }
        if (record.length < MiniSeedReader.FIXED_HEADER) {
            throw new IllegalArgumentException("not a miniSEED record: " + record.length + " bytes");
        }
        MiniSeedWriter.putSequence(record, (int) (seq % 1_000_000));
    }

    private int count(double value) {
        double c = Math.rint(value / unitsPerCount);
        if (c > MAX_COUNT || c < -MAX_COUNT) {
            clamped++;
            return c > 0 ? MAX_COUNT : -MAX_COUNT;
        }
        return (int) c;
    }
}
