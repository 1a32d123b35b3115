package org.fieldgate.gateway.mseed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads miniSEED 2 data records (SEED 2.4: 48-byte fixed header, blockette 1000 required,
 * blockette 1001 optional) whose data are Steim-2 encoded in big-endian order.
 */
public final class MiniSeedReader {

    static final int FIXED_HEADER = 48;
    static final int ENCODING_STEIM2 = 11;

    private MiniSeedReader() {
    }

    /** Reads every record in a concatenation of records (a miniSEED file). */
    public static List<MiniSeedRecord> readAll(byte[] data) {
        List<MiniSeedRecord> records = new ArrayList<>();
        int offset = 0;
        while (offset + FIXED_HEADER <= data.length) {
            MiniSeedRecord record = read(data, offset);
            records.add(record);
            offset += record.recordLength();
        }
        return records;
    }

    /** Reads the record starting at {@code offset}; its length comes from blockette 1000. */
    public static MiniSeedRecord read(byte[] data, int offset) {
        ByteBuffer b = ByteBuffer.wrap(data); // header fields are big-endian
        char quality = (char) data[offset + 6];
        if ("DRQM".indexOf(quality) < 0) {
            throw new MiniSeedException("not a miniSEED data record at byte " + offset + " (quality '" + quality + "')");
        }
        int sequence = parseSequence(data, offset);
        String station = ascii(data, offset + 8, 5);
        String location = ascii(data, offset + 13, 2);
        String channel = ascii(data, offset + 15, 3);
        String network = ascii(data, offset + 18, 2);

        int year = b.getShort(offset + 20) & 0xFFFF;
        int day = b.getShort(offset + 22) & 0xFFFF;
        if (year < 1900 || year > 2100 || day < 1 || day > 366) {
            throw new MiniSeedException("implausible BTIME " + year + "/" + day
                    + " at byte " + offset + " (little-endian headers are not supported)");
        }
        int hour = data[offset + 24] & 0xFF;
        int minute = data[offset + 25] & 0xFF;
        int second = data[offset + 26] & 0xFF;
        int tenthMillis = b.getShort(offset + 28) & 0xFFFF;
        int sampleCount = b.getShort(offset + 30) & 0xFFFF;
        short factor = b.getShort(offset + 32);
        short multiplier = b.getShort(offset + 34);
        int activityFlags = data[offset + 36] & 0xFF;
        int blocketteCount = data[offset + 39] & 0xFF;
        int timeCorrection = b.getInt(offset + 40); // units of 0.0001 s
        int dataOffset = b.getShort(offset + 44) & 0xFFFF;
        int nextBlockette = b.getShort(offset + 46) & 0xFFFF;

        int encoding = -1;
        int recordLength = -1;
        int microsOffset = 0;
        for (int i = 0; i < blocketteCount && nextBlockette != 0; i++) {
            int at = offset + nextBlockette;
            int type = b.getShort(at) & 0xFFFF;
            if (type == 1000) {
                encoding = data[at + 4] & 0xFF;
                if (data[at + 5] != 1) {
                    throw new MiniSeedException("little-endian data are not supported");
                }
                recordLength = 1 << (data[at + 6] & 0xFF);
            } else if (type == 1001) {
                microsOffset = data[at + 5]; // signed, -50..+49 µs past the 0.0001 s of BTIME
            }
            nextBlockette = b.getShort(at + 2) & 0xFFFF;
        }
        if (recordLength < 0) {
            throw new MiniSeedException("record at byte " + offset + " has no blockette 1000");
        }
        if (encoding != ENCODING_STEIM2 && sampleCount > 0) {
            throw new MiniSeedException("encoding " + encoding + " not supported (only 11 = Steim-2)");
        }

        long epochSeconds = LocalDate.ofYearDay(year, day).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
                + hour * 3600L + minute * 60L + second;
        long startMicros = epochSeconds * 1_000_000L + tenthMillis * 100L + microsOffset;
        if ((activityFlags & 0x02) == 0) {
            startMicros += timeCorrection * 100L; // correction not yet applied to the start time
        }
        int frames = (recordLength - dataOffset) / Steim2.FRAME_BYTES;
        int[] samples = Steim2.decode(data, offset + dataOffset, frames, sampleCount);
        return new MiniSeedRecord(sequence, network, station, location, channel, startMicros,
                sampleRate(factor, multiplier), samples, recordLength);
    }

    /** SEED sample rate from factor and multiplier (negative values mean division). */
    static double sampleRate(int factor, int multiplier) {
        if (factor == 0 || multiplier == 0) {
            return 0.0;
        }
        double rate = factor > 0 ? factor : -1.0 / factor;
        return multiplier > 0 ? rate * multiplier : rate / -multiplier;
    }

    private static int parseSequence(byte[] data, int offset) {
        String s = ascii(data, offset, 6);
        try {
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new MiniSeedException("bad sequence number '" + s + "' at byte " + offset);
        }
    }

    private static String ascii(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.US_ASCII).trim();
    }
}
