package org.fieldgate.gateway.mseed;

import edu.sc.seis.seisFile.mseed.DataHeader;
import edu.sc.seis.seisFile.mseed.DataRecord;
import edu.sc.seis.seisFile.mseed.SeedRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A record as an independent reader, seisFile 2.1.0 (edu.sc.seis, Maven Central), decodes it: the
 * check that our records are what other SEED tools read.
 */
public record SeisFileRecord(int sequence, char quality, String network, String station, String location, String channel,
                      Instant start, double sampleRate, int[] samples) {

    public static SeisFileRecord read(byte[] bytes) throws Exception {
        DataRecord record = (DataRecord) SeedRecord.read(bytes);
        DataHeader h = record.getHeader();
        return new SeisFileRecord(h.getSequenceNum(), h.getQualityIndicator(), h.getNetworkCode().trim(),
                h.getStationIdentifier().trim(), h.getLocationIdentifier().trim(), h.getChannelIdentifier().trim(),
                h.getStartBtime().toInstant(), record.getSampleRate(), record.decompress().getAsInt());
    }

    /** The records of one message: records of {@code recordLength} bytes, concatenated. */
    public static List<SeisFileRecord> readAll(byte[] message, int recordLength) throws Exception {
        List<SeisFileRecord> out = new java.util.ArrayList<>();
        for (int at = 0; at < message.length; at += recordLength) {
            out.add(read(java.util.Arrays.copyOfRange(message, at, at + recordLength)));
        }
        return out;
    }

    /** The samples of consecutive records, concatenated. */
    static int[] samples(List<byte[]> records) throws Exception {
        IntStream.Builder all = IntStream.builder();
        for (byte[] bytes : records) {
            IntStream.of(read(bytes).samples()).forEach(all::add);
        }
        return all.build().toArray();
    }
}
