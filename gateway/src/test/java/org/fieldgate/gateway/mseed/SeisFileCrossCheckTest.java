package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our records decode with an independent reader, seisFile (edu.sc.seis, Maven Central). */
class SeisFileCrossCheckTest {

    private static int[] decodeWithSeisFile(List<byte[]> records, String expectedChannel) throws Exception {
        for (byte[] bytes : records) {
            SeisFileRecord record = SeisFileRecord.read(bytes);
            assertThat(record.channel()).isEqualTo(expectedChannel);
            assertThat(record.quality()).isEqualTo('D');
        }
        return SeisFileRecord.samples(records);
    }

    @Test
    void realSeismogramDecodesIdentically() throws Exception {
        int[] lhz = MiniSeedWriterTest.fixtureChannel("LHZ");
        List<byte[]> records = new MiniSeedWriter("IU", "COLA", "00", "LHZ", 1.0, 512)
                .write(1_267_253_400_069_539L, lhz);

        assertThat(decodeWithSeisFile(records, "LHZ")).containsExactly(lhz);
    }

    @Test
    void randomWalkWithThirtyBitJumpsDecodesIdentically() throws Exception {
        Random random = new Random(11);
        int[] samples = new int[10_000];
        long value = 0;
        for (int i = 0; i < samples.length; i++) {
            long step = random.nextInt(50) == 0 ? random.nextInt(1 << 29) : (long) (random.nextGaussian() * 300);
            if (Math.abs(value + step) > (1 << 28)) {
                step = value > 0 ? -Math.abs(step) : Math.abs(step);
            }
            value += step;
            samples[i] = (int) value;
        }
        List<byte[]> records = new MiniSeedWriter("XX", "RW", "", "HHZ", 100.0, 4096).writeMillis(0, samples);

        assertThat(decodeWithSeisFile(records, "HHZ")).containsExactly(samples);
    }
}
