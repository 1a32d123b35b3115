package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Decodes libmseed's 3-channel test file to the reference values in src/test/resources/README.md. */
class MiniSeedReaderTest {

    static byte[] fixture() throws IOException {
        try (InputStream in = MiniSeedReaderTest.class.getResourceAsStream(
                "/fixtures/libmseed/testdata-3channel-signal.mseed2")) {
            return in.readAllBytes();
        }
    }

    @Test
    void firstRecordMatchesReference() throws IOException {
        MiniSeedRecord first = MiniSeedReader.readAll(fixture()).get(0);

        assertThat(first.streamId()).isEqualTo("IU.COLA.00.LH1");
        assertThat(first.startTime()).isEqualTo(Instant.parse("2010-02-27T06:50:00.069539Z"));
        assertThat(first.sampleRate()).isEqualTo(1.0);
        assertThat(first.recordLength()).isEqualTo(512);
        assertThat(first.samples()).hasSize(135);
        assertThat(Arrays.copyOfRange(first.samples(), 0, 4)).containsExactly(-502676, -504105, -507491, -506991);
        assertThat(Arrays.copyOfRange(first.samples(), 131, 135)).containsExactly(-505212, -499533, -495590, -496168);
    }

    @Test
    void recordCountsPerChannelMatchReference() throws IOException {
        List<MiniSeedRecord> records = MiniSeedReader.readAll(fixture());

        Map<String, Long> perStream = records.stream()
                .collect(Collectors.groupingBy(MiniSeedRecord::streamId, TreeMap::new, Collectors.counting()));
        assertThat(perStream).containsExactly(
                Map.entry("IU.COLA.00.LH1", 36L), Map.entry("IU.COLA.00.LH2", 35L), Map.entry("IU.COLA.00.LHZ", 36L));
        assertThat(records).allSatisfy(r -> assertThat(r.recordLength()).isEqualTo(512));
    }

    @Test
    void corruptedReverseConstantIsRejected() throws IOException {
        byte[] data = Arrays.copyOf(fixture(), 512);
        data[64 + 11] ^= 1; // Xn is word 2 of frame 0, data start at byte 64

        assertThatThrownBy(() -> MiniSeedReader.read(data, 0))
                .isInstanceOf(MiniSeedException.class).hasMessageContaining("Xn");
    }

    @Test
    void sampleRateFactorAndMultiplier() {
        assertThat(MiniSeedReader.sampleRate(100, 1)).isEqualTo(100.0);
        assertThat(MiniSeedReader.sampleRate(-10, 1)).isEqualTo(0.1);
        assertThat(MiniSeedReader.sampleRate(3125, -100)).isEqualTo(31.25);
        assertThat(MiniSeedReader.sampleRate(-2, -5)).isEqualTo(0.1);
    }
}
