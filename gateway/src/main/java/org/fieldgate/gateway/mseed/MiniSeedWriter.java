package org.fieldgate.gateway.mseed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one stream's samples as miniSEED 2 data records with Steim-2 data: 48-byte fixed
 * header (quality 'D'), blockette 1000 (encoding 11, big-endian, record length), blockette 1001
 * when the start time has microseconds below 0.0001 s, data from byte 64.
 *
 * <p>Records of one {@link #write} call form a continuous series: each record's first Steim-2
 * difference links to the previous record's last sample. Sequence numbers continue across calls
 * (1..999999, then 1 again).
 */
final class MiniSeedWriter {

    static final int DATA_OFFSET = 64;

    private final String network;
    private final String station;
    private final String location;
    private final String channel;
    private final double sampleRate;
    private final short rateFactor;
    private final short rateMultiplier;
    private final int recordLength;
    private final int lengthExponent;
    private int nextSequence = 1;

    /**
     * @param recordLength a power of two from 256 to 65536 (512 for telemetry, 4096 for archives)
     */
    public MiniSeedWriter(String network, String station, String location, String channel,
            double sampleRate, int recordLength) {
        this.network = code(network, 2, "network");
        this.station = code(station, 5, "station");
        this.location = code(location, 2, "location");
        this.channel = code(channel, 3, "channel");
        checkRecordLength(recordLength);
        short[] fm = rateFactorMultiplier(sampleRate);
        this.sampleRate = sampleRate;
        this.rateFactor = fm[0];
        this.rateMultiplier = fm[1];
        this.recordLength = recordLength;
        this.lengthExponent = Integer.numberOfTrailingZeros(recordLength);
    }

    static void checkRecordLength(int recordLength) {
        if (recordLength < 256 || recordLength > 65536 || Integer.bitCount(recordLength) != 1) {
            throw new IllegalArgumentException("record length must be a power of two in 256..65536: " + recordLength);
        }
    }

    /** Records for samples starting at {@code startMillis} (Unix epoch, UTC). */
    public List<byte[]> writeMillis(long startMillis, int[] samples) {
        return write(startMillis * 1000L, samples);
    }

    /**
     * Records for samples whose first sample is at {@code startMicros} (Unix epoch, UTC).
     *
     * @throws IllegalArgumentException when consecutive samples differ by more than 30 bits
     */
    public List<byte[]> write(long startMicros, int[] samples) {
        List<byte[]> records = new ArrayList<>();
        int done = 0;
        while (done < samples.length) {
            int diff0 = done == 0 ? 0 : samples[done] - samples[done - 1];
            Steim2.Packed packed = pack(samples, done, samples.length - done, diff0);
            long recordStart = startMicros + Math.round(done * 1e6 / sampleRate);
            records.add(record(recordStart, packed));
            done += packed.sampleCount();
        }
        return records;
    }

    /**
     * Packs as many of {@code samples[offset .. offset+length)} as one record holds; the building
     * block of {@link #write} and of {@link MiniSeedStream}, which packs a growing buffer.
     *
     * @param diff0 first sample minus the previous record's last sample, 0 if there is none
     */
    Steim2.Packed pack(int[] samples, int offset, int length, int diff0) {
        // a 16-bit sample count caps a record even if the frames could hold more
        return Steim2.encode(samples, offset, Math.min(length, 65535), diff0, maxFrames());
    }

    /** Steim-2 frames in one record. */
    int maxFrames() {
        return (recordLength - DATA_OFFSET) / Steim2.FRAME_BYTES;
    }

    double sampleRate() {
        return sampleRate;
    }

    /** A whole record (header, blockettes, frames) for packed samples starting at {@code startMicros}. */
    byte[] record(long startMicros, Steim2.Packed packed) {
        byte[] out = new byte[recordLength];
        ByteBuffer b = ByteBuffer.wrap(out);
        putSequence(out, nextSequence);
        nextSequence = nextSequence == 999_999 ? 1 : nextSequence + 1;
        out[6] = 'D';
        out[7] = ' ';
        put(out, 8, pad(station, 5));
        put(out, 13, pad(location, 2));
        put(out, 15, pad(channel, 3));
        put(out, 18, pad(network, 2));

        // BTIME holds 0.0001 s; blockette 1001 carries the rest in -50..+49 µs, as libmseed does
        long tenths = Math.floorDiv(startMicros + 50, 100);
        int microsOffset = (int) (startMicros - tenths * 100);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(tenths, 10_000), 0, ZoneOffset.UTC);
        b.putShort(20, (short) t.getYear());
        b.putShort(22, (short) t.getDayOfYear());
        out[24] = (byte) t.getHour();
        out[25] = (byte) t.getMinute();
        out[26] = (byte) t.getSecond();
        b.putShort(28, (short) Math.floorMod(tenths, 10_000));
        b.putShort(30, (short) packed.sampleCount());
        b.putShort(32, rateFactor);
        b.putShort(34, rateMultiplier);
        boolean withB1001 = microsOffset != 0;
        out[39] = (byte) (withB1001 ? 2 : 1);
        b.putShort(44, (short) DATA_OFFSET);
        b.putShort(46, (short) 48);

        b.putShort(48, (short) 1000);
        b.putShort(50, (short) (withB1001 ? 56 : 0));
        out[52] = MiniSeedReader.ENCODING_STEIM2;
        out[53] = 1; // big-endian
        out[54] = (byte) lengthExponent;
        if (withB1001) {
            b.putShort(56, (short) 1001);
            b.putShort(58, (short) 0);
            out[60] = 0; // timing quality unknown
            out[61] = (byte) microsOffset;
            out[63] = (byte) packed.frameCount();
        }
        System.arraycopy(packed.frames(), 0, out, DATA_OFFSET, packed.frames().length);
        return out;
    }

    /** SEED factor/multiplier for a rate: integer Hz, integer period, or a decimal fraction. */
    static short[] rateFactorMultiplier(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("sample rate must be positive: " + rate);
        }
        if (rate == Math.rint(rate) && rate <= Short.MAX_VALUE) {
            return new short[] {(short) rate, 1};
        }
        double period = 1.0 / rate;
        if (Math.abs(period - Math.rint(period)) < 1e-9 && period <= Short.MAX_VALUE) {
            return new short[] {(short) -Math.rint(period), 1};
        }
        for (int divisor = 10; divisor <= 10_000; divisor *= 10) {
            double scaled = rate * divisor;
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 && scaled <= Short.MAX_VALUE) {
                return new short[] {(short) Math.rint(scaled), (short) -divisor}; // 31.25 Hz = 3125 / 100
            }
        }
        throw new IllegalArgumentException("sample rate " + rate + " has no SEED factor/multiplier");
    }

    private static String code(String value, int max, String what) {
        String v = value == null ? "" : value.trim();
        if (v.length() > max || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(what + " code must be up to " + max + " ASCII characters: '" + value + "'");
        }
        return v;
    }

    /** Writes {@code n} (0..999999) as the six ASCII digits of the sequence number field. */
    static void putSequence(byte[] record, int n) {
        put(record, 0, String.format("%06d", n));
    }

    private static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }

    private static void put(byte[] out, int offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }
}
