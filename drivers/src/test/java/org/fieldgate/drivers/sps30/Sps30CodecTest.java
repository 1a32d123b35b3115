package org.fieldgate.drivers.sps30;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Fixtures.hex;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Golden read-values answers from a real SPS30 capture (PyPMS, MIT; licence and facts in
 * src/test/resources/README.md) and the datasheet's requests.
 */
class Sps30CodecTest {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/SPS30.hexdump");

    private static ShdlcFrame decodeOne(byte[] bytes) {
        CollectingSink<ShdlcFrame> sink = new CollectingSink<>();
        Sps30Codec.responseDecoder().feed(bytes, 0, bytes.length, sink);
        assertThat(sink.checksumErrors).isZero();
        assertThat(sink.resyncs).isZero();
        assertThat(sink.frames).hasSize(1);
        return sink.frames.get(0);
    }

    @Test
    void theCaptureHoldsReadValuesAnswersSomeWithStuffedBytes() {
        assertThat(REAL).hasSize(10);
        assertThat(REAL).anySatisfy(f -> assertThat(java.util.HexFormat.of().formatHex(f)).contains("7d5e"));
        for (byte[] f : REAL) {
            ShdlcFrame frame = decodeOne(f);
            assertThat(frame.command()).isEqualTo(0x03);
            assertThat(frame.state()).isZero();
            assertThat(frame.data()).hasSize(40);
            assertThat(Sps30Codec.encode(frame)).as("stuffing is deterministic").containsExactly(f);
        }
    }

    @Test
    void everyAnswerOfTheRealCaptureDecodesToThePypmsValues() {
        List<String[]> rows = Fixtures.csvRows("pypms/SPS30.csv");
        assertThat(rows).hasSameSizeAs(REAL);
        List<String> channels = Sps30Codec.CHANNELS.stream().map(ChannelSpec::name).toList();
        for (int i = 0; i < REAL.size(); i++) {
            List<Reading> readings = Sps30Codec.readings(Sps30Codec.values(decodeOne(REAL.get(i)).data()), 0);
            assertThat(readings).extracting(Reading::channel).containsExactlyElementsOf(channels);
            for (int c = 0; c < 10; c++) {
                String expected = rows.get(i)[1 + c];
                int scale = expected.length() - expected.indexOf('.') - 1;
                // PyPMS prints the float with Python's correctly rounded format: ties to even on the exact value
                BigDecimal got = new BigDecimal(readings.get(c).value()).setScale(scale, RoundingMode.HALF_EVEN);
                assertThat(got).as("answer %d %s", i, channels.get(c)).isEqualByComparingTo(expected);
            }
        }
    }

    @Test
    void theFirstAnswerExactly() {
        Sps30Values v = Sps30Codec.values(decodeOne(REAL.get(0)).data());
        assertThat(v.pm1()).isEqualTo(Float.intBitsToFloat(0x40a78320));
        assertThat(v.nc05()).isEqualTo(Float.intBitsToFloat(0x41d2833e));
        assertThat(v.nc1()).isEqualTo(Float.intBitsToFloat(0x4213fc85)); // 42 7D 33 FC 85 on the wire
        assertThat(Sps30Codec.bytes(v)).containsExactly(decodeOne(REAL.get(0)).data());
    }

    @Test
    void theWakeRequestDecodesAsARequest() { // the requests' bytes: golden/sps30.golden
        CollectingSink<ShdlcFrame> sink = new CollectingSink<>();
        byte[] wake = Sps30Codec.wake();
        Sps30Codec.requestDecoder().feed(wake, 0, wake.length, sink);
        assertThat(sink.frames).containsExactly(new ShdlcFrame(0, 0x11, -1, new byte[0]));
    }

    @Test
    void anEmptyAnswerAndAnErrorStateDecode() {
        assertThat(decodeOne(Sps30Codec.response(0x03, 0, new byte[0])))
                .isEqualTo(new ShdlcFrame(0, 0x03, 0, new byte[0]));
        assertThat(decodeOne(Sps30Codec.response(0x03, 0x43, new byte[0])).state()).isEqualTo(0x43);
    }

    @Test
    void garbageTornFramesBadEscapesAndBadChecksums() {
        byte[] good = REAL.get(2);
        byte[] bad = good.clone();
        bad[6] ^= 0x01; // 0xDF: a plain data byte
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(hex("00 11 7E 7D 7E")); // junk, then a broken escape
        s.writeBytes(java.util.Arrays.copyOfRange(good, 5, 20)); // the tail of a frame joined mid-way
        s.writeBytes(bad);
        s.writeBytes(good);
        byte[] all = s.toByteArray();
        CollectingSink<ShdlcFrame> sink = new CollectingSink<>();
        var d = Sps30Codec.responseDecoder();
        for (int i = 0; i < all.length; i += 7) {
            d.feed(all, i, Math.min(7, all.length - i), sink);
        }
        assertThat(sink.frames).containsExactly(decodeOne(good));
        assertThat(sink.checksumErrors).isEqualTo(1);
        assertThat(sink.resyncs).isPositive();
    }
}
