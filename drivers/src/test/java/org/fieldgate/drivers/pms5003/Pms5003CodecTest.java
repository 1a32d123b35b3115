package org.fieldgate.drivers.pms5003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Fixtures.hex;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Golden frames from a real PMSx003 and PMS5003T capture (PyPMS, MIT; licence and facts in
 * src/test/resources/README.md) and the datasheet commands.
 */
class Pms5003CodecTest {

    private static Pms5003Frame decodeOne(byte[] bytes) {
        CollectingSink<Pms5003Frame> sink = new CollectingSink<>();
        Pms5003Codec.decoder().feed(bytes, 0, bytes.length, sink);
        assertThat(sink.checksumErrors).isZero();
        assertThat(sink.resyncs).isZero();
        assertThat(sink.frames).hasSize(1);
        return sink.frames.get(0);
    }

    private static Map<String, Double> values(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::channel, Reading::value));
    }

    @Test
    void everyFrameOfTheRealCaptureDecodesToThePypmsValues() {
        List<byte[]> frames = Fixtures.hexdumpLines("pypms/PMSx003.hexdump");
        List<String[]> rows = Fixtures.csvRows("pypms/PMSx003.csv");
        assertThat(frames).hasSize(10).hasSameSizeAs(rows);
        String[] massColumns = {"pm1_0_cf1", "pm2_5_cf1", "pm10_cf1", "pm1_0", "pm2_5", "pm10"};
        String[] countColumns = {"n0_3", "n0_5", "n1_0", "n2_5", "n5_0", "n10"};
        for (int i = 0; i < frames.size(); i++) {
            Map<String, Double> v = values(Pms5003Codec.readings(decodeOne(frames.get(i)), Pms5003Variant.PMS5003, 0));
            String[] row = rows.get(i);
            for (int c = 0; c < 6; c++) {
                assertThat(BigDecimal.valueOf(v.get(massColumns[c]))).as("frame %d %s", i, massColumns[c])
                        .isEqualByComparingTo(row[1 + c]);
            }
            for (int c = 0; c < 6; c++) {
                // PyPMS prints counts per cm³; the channel is the sensor's own count per 0.1 L (= 100 cm³)
                assertThat(BigDecimal.valueOf(v.get(countColumns[c]))).as("frame %d %s", i, countColumns[c])
                        .isEqualByComparingTo(new BigDecimal(row[7 + c]).movePointRight(2));
            }
        }
    }

    @Test
    void thePms5003tCaptureDecodesWithTemperatureAndHumidity() {
        List<byte[]> frames = Fixtures.hexdumpLines("pypms/PMS5003T.hexdump");
        List<String[]> rows = Fixtures.csvRows("pypms/PMS5003T.csv");
        assertThat(frames).hasSize(10).hasSameSizeAs(rows);
        String[] columns = {"pm1_0_cf1", "pm2_5_cf1", "pm10_cf1", "pm1_0", "pm2_5", "pm10"};
        for (int i = 0; i < frames.size(); i++) {
            List<Reading> readings = Pms5003Codec.readings(decodeOne(frames.get(i)), Pms5003Variant.PMS5003T, 0);
            assertThat(readings).extracting(Reading::channel).containsExactlyElementsOf(
                    Pms5003Codec.channels(Pms5003Variant.PMS5003T).stream().map(ChannelSpec::name).toList());
            Map<String, Double> v = values(readings);
            String[] row = rows.get(i);
            for (int c = 0; c < 6; c++) {
                assertThat(BigDecimal.valueOf(v.get(columns[c]))).as("frame %d %s", i, columns[c])
                        .isEqualByComparingTo(row[1 + c]);
            }
            String[] counts = {"n0_3", "n0_5", "n1_0", "n2_5"};
            for (int c = 0; c < 4; c++) {
                assertThat(BigDecimal.valueOf(v.get(counts[c]))).as("frame %d %s", i, counts[c])
                        .isEqualByComparingTo(new BigDecimal(row[7 + c]).movePointRight(2));
            }
            assertThat(BigDecimal.valueOf(v.get("temp_c"))).as("frame %d temp", i).isEqualByComparingTo(row[11]);
            assertThat(BigDecimal.valueOf(v.get("rh_pct"))).as("frame %d rh", i).isEqualByComparingTo(row[12]);
            assertThat(v).doesNotContainKeys("n5_0", "n10");
        }
    }

    @Test
    void aNegativeTemperatureIsSigned() {
        int[] words = new int[13];
        words[10] = 0xFF9C; // -100 → -10.0 °C
        words[11] = 555;
        Map<String, Double> v = values(Pms5003Codec.readings(new Pms5003Frame(words), Pms5003Variant.PMS5003T, 0));
        assertThat(v).containsEntry("temp_c", -10.0).containsEntry("rh_pct", 55.5);
    }

    @Test
    void encodeGivesBackTheCapturedBytes() {
        for (byte[] frame : Fixtures.hexdumpLines("pypms/PMSx003.hexdump")) {
            assertThat(Pms5003Codec.encode(decodeOne(frame))).containsExactly(frame);
        }
    }

    @Test
    void commandsAreRecognisedAndAcked() { // the commands' bytes: golden/pms5003.golden
        assertThat(Pms5003Codec.commandOf(Pms5003Codec.passiveRead())).isEqualTo(0xE2);
        assertThat(Pms5003Codec.commandOf(hex("42 4D E2 00 00 01 72"))).isEqualTo(-1);
        assertThat(Pms5003Codec.ack(0xE1, 0)).containsExactly(hex("42 4D 00 04 E1 00 01 74"));
    }

    @Test
    void garbageTornFramesAcksAndBadChecksumsAreHandled() {
        byte[] good = Fixtures.hexdumpLines("pypms/PMSx003.hexdump").get(0);
        byte[] bad = good.clone();
        bad[10] ^= 0x01;
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(hex("00 42 FF 42 4D 00 99")); // junk, a false start with an impossible length
        s.writeBytes(Pms5003Codec.ack(0xE1, 1));
        s.writeBytes(bad);
        s.writeBytes(good);
        byte[] all = s.toByteArray();
        CollectingSink<Pms5003Frame> sink = new CollectingSink<>();
        var decoder = Pms5003Codec.decoder();
        for (int i = 0; i < all.length; i += 5) { // torn into 5-byte reads
            decoder.feed(all, i, Math.min(5, all.length - i), sink);
        }
        assertThat(sink.frames).containsExactly(decodeOne(good));
        assertThat(sink.checksumErrors).isEqualTo(1);
        assertThat(sink.resyncs).isPositive();
    }
}
