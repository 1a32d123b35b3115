package org.fieldgate.gateway.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.WaveformPacket;
import org.junit.jupiter.api.Test;

class WaveformPayloadReaderTest {

    private final MessageEncoder encoder = new MessageEncoder("gw1");

    @Test
    void readsBackWhatTheEncoderWroteWithItsQualityAndMissingSamples() {
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("x", new double[] {0.000123, -1.5, Double.NaN});
        axes.put("z", new double[] {9.81, 9.80, 9.79});
        WaveformPacket p = new WaveformPacket(1_700_000_000_123L, 31.25, "m/s2", axes);

        WaveformPayloadReader.Packet read = WaveformPayloadReader.read(encoder.waveform(7, "seis1", p, Quality.UNSYNCED));

        assertThat(read.quality()).isEqualTo(Quality.UNSYNCED);
        assertThat(read.samples().t0()).isEqualTo(p.t0());
        assertThat(read.samples().sampleRate()).isEqualTo(31.25);
        assertThat(read.samples().unit()).isEqualTo("m/s2");
        assertThat(read.samples().axes().keySet()).containsExactly("x", "z");
        assertThat(read.samples().axes().get("x")).containsExactly(0.000123, -1.5, Double.NaN);
        assertThat(read.samples().axes().get("z")).containsExactly(9.81, 9.80, 9.79);
        assertThat(WaveformPayloadReader.read(encoder.waveform(8, "seis1", p)).quality()).isEqualTo(Quality.OK);
    }

    @Test
    void aReadingBatchDamageOrAxesOfUnequalLengthAreNoPacket() {
        assertThat(WaveformPayloadReader.read("{\"v\":1,\"readings\":[]}".getBytes(UTF_8))).isNull();
        assertThat(WaveformPayloadReader.read("{\"t0\":1,\"sr\":100,\"ch\":{\"x\":[1,2],\"y\":[1]}}".getBytes(UTF_8)))
                .isNull();
        assertThat(WaveformPayloadReader.read("{\"t0\":1,\"sr\":100,\"ch\":{}}".getBytes(UTF_8))).isNull();
        assertThat(WaveformPayloadReader.read("{\"t0\":1,\"sr\":\"x\",\"ch\":{\"x\":[1]}}".getBytes(UTF_8))).isNull();
        assertThat(WaveformPayloadReader.read(new byte[] {0x00, 0x01, (byte) 0xFF})).isNull();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        byte[] valid = encoder.waveform(1, "s", new WaveformPacket(5, 100, "m/s2", Map.of("z", new double[] {1, 2, 3})));
        for (int i = 0; i < 5_000; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            WaveformPayloadReader.read(b); // a packet or null, never an exception
        }
    }
}
