package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MiniSeedWriterTest {

    static byte[] concat(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static int[] samplesOf(List<MiniSeedRecord> records) {
        return records.stream().flatMapToInt(r -> IntStream.of(r.samples())).toArray();
    }

    static int[] fixtureChannel(String channel) throws IOException {
        return samplesOf(MiniSeedReader.readAll(MiniSeedReaderTest.fixture()).stream()
                .filter(r -> r.channel().equals(channel)).toList());
    }

    @Test
    void realSeismogramRoundTripsThroughRecords() throws IOException {
        int[] lh1 = fixtureChannel("LH1");
        long start = Instant.parse("2010-02-27T06:50:00.069539Z").toEpochMilli() * 1000 + 539;
        MiniSeedWriter writer = new MiniSeedWriter("IU", "COLA", "00", "LH1", 1.0, 512);

        List<byte[]> records = writer.write(start, lh1);
        List<MiniSeedRecord> decoded = MiniSeedReader.readAll(concat(records));

        assertThat(samplesOf(decoded)).containsExactly(lh1);
        MiniSeedRecord first = decoded.get(0);
        assertThat(first.streamId()).isEqualTo("IU.COLA.00.LH1");
        assertThat(first.startTime()).isEqualTo(Instant.parse("2010-02-27T06:50:00.069539Z"));
        assertThat(first.sequenceNumber()).isEqualTo(1);
        assertThat(decoded.get(1).sequenceNumber()).isEqualTo(2);
        assertThat(decoded.get(1).startMicros()).isEqualTo(first.endMicros());
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(512));
    }

    @Test
    void recordsChainFirstDifferenceToPreviousRecord() {
        int[] samples = new Random(7).ints(3000, -100_000, 100_000).toArray();
        List<byte[]> records = new MiniSeedWriter("XX", "TEST", "", "HNZ", 100.0, 512).writeMillis(0, samples);

        // frame 0 word 3 starts with the first difference; in record 2 it must be the real one
        byte[] second = records.get(1);
        int firstOfSecond = MiniSeedReader.read(second, 0).samples()[0];
        int count = MiniSeedReader.read(records.get(0), 0).samples().length;
        assertThat(firstOfSecond).isEqualTo(samples[count]);
        assertThat(samplesOf(MiniSeedReader.readAll(concat(records)))).containsExactly(samples);
    }

    @Test
    void fourKilobyteRecordsAndFractionalRate() {
        int[] samples = new Random(3).ints(20_000, -2000, 2000).toArray();
        List<byte[]> records = new MiniSeedWriter("OE", "S009", "", "HNX", 31.25, 4096).writeMillis(1_518_824_379_000L, samples);
        List<MiniSeedRecord> decoded = MiniSeedReader.readAll(concat(records));

        assertThat(decoded).allSatisfy(r -> {
            assertThat(r.recordLength()).isEqualTo(4096);
            assertThat(r.sampleRate()).isEqualTo(31.25);
            assertThat(r.location()).isEmpty();
        });
        assertThat(records.get(0)[54]).isEqualTo((byte) 12);
        assertThat(samplesOf(decoded)).containsExactly(samples);
    }

    @Test
    void headerFieldsAsSeedSpecifies() {
        byte[] r = new MiniSeedWriter("IU", "COLA", "00", "LHZ", 1.0, 512).writeMillis(0, new int[] {1, 2, 3}).get(0);
        assertThat(new String(r, 0, 20, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("000001D COLA 00LHZIU");
        assertThat(r[39]).isEqualTo((byte) 1); // only blockette 1000: start time is whole 0.0001 s
        assertThat(r[44] << 8 | r[45]).isEqualTo(64);
        assertThat(r[48] << 8 & 0xFF00 | r[49] & 0xFF).isEqualTo(1000);
        assertThat(r[52]).isEqualTo((byte) 11);
        assertThat(r[53]).isEqualTo((byte) 1);
        assertThat(r[54]).isEqualTo((byte) 9);
    }
}
