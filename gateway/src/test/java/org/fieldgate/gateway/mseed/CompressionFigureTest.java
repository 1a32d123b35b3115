package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bytes on the wire per sample, headers included, for the figures in docs/mseed.md. Sizes are
 * deterministic, so they are asserted here; nothing is timed.
 */
class CompressionFigureTest {

    private static double bytesPerSample(int[] samples, double rate, int recordLength) {
        List<byte[]> records = new MiniSeedWriter("XX", "TEST", "", "HHZ", rate, recordLength).writeMillis(0, samples);
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        double figure = (double) bytes / samples.length;
        System.out.printf("mseed %d-byte records: %d samples -> %d bytes = %.3f bytes/sample%n",
                recordLength, samples.length, bytes, figure);
        return figure;
    }

    /**
     * 1 Hz records of a great earthquake: differences of thousands of counts need 10- and 15-bit
     * packings, so this signal is about 4 bytes/sample for any Steim-2 encoder. We must not need
     * more records than libmseed's own file (36/35/36).
     */
    @Test
    void realLongPeriodSeismogramPacksAtLeastAsTightlyAsTheReferenceFile() throws Exception {
        java.util.Map<String, Integer> referenceRecords = java.util.Map.of("LH1", 36, "LH2", 35, "LHZ", 36);
        for (String channel : new String[] {"LH1", "LH2", "LHZ"}) {
            int[] samples = MiniSeedWriterTest.fixtureChannel(channel);
            System.out.print(channel + " ");
            double figure = bytesPerSample(samples, 1.0, 512);
            assertThat(figure * samples.length / 512).isLessThanOrEqualTo(referenceRecords.get(channel));
        }
    }

    @Test
    void hundredHertzNoise() {
        Random random = new Random(5);
        int[] quiet = new int[360_000]; // one hour at 100 Hz, white noise sigma 20 counts
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (int) Math.round(random.nextGaussian() * 20);
        }
        System.out.print("100 Hz noise sigma 20 ");
        double at512 = bytesPerSample(quiet, 100.0, 512);
        System.out.print("100 Hz noise sigma 20 ");
        double at4096 = bytesPerSample(quiet, 100.0, 4096);
        assertThat(at512).isBetween(1.0, 2.0);
        assertThat(at4096).isLessThan(at512);
    }
}
