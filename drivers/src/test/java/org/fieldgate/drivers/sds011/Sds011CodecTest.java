package org.fieldgate.drivers.sds011;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Fixtures.hex;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.CollectingSink;
import org.fieldgate.drivers.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Golden frames from a real SDS011 capture (PyPMS, MIT; licence and facts in src/test/resources/README.md) and the
 * protocol sheet's command examples.
 */
class Sds011CodecTest {

    private static Sds011Frame decodeOne(byte[] bytes) {
        CollectingSink<Sds011Frame> sink = new CollectingSink<>();
        Sds011Codec.decoder().feed(bytes, 0, bytes.length, sink);
        assertThat(sink.checksumErrors).isZero();
        assertThat(sink.resyncs).isZero();
        assertThat(sink.frames).hasSize(1);
        return sink.frames.get(0);
    }

    @Test
    void everyFrameOfTheRealCaptureDecodesToThePypmsValues() {
        List<byte[]> frames = Fixtures.hexdumpLines("pypms/SDS01x.hexdump");
        List<String[]> rows = Fixtures.csvRows("pypms/SDS01x.csv");
        assertThat(frames).hasSize(10).hasSameSizeAs(rows);
        for (int i = 0; i < frames.size(); i++) {
            Sds011Frame f = decodeOne(frames.get(i));
            assertThat(BigDecimal.valueOf(f.pm25())).as("frame %d pm2_5", i).isEqualByComparingTo(rows.get(i)[1]);
            assertThat(BigDecimal.valueOf(f.pm10())).as("frame %d pm10", i).isEqualByComparingTo(rows.get(i)[2]);
            assertThat(Sds011Codec.encode(f)).containsExactly(frames.get(i));
        }
    }

    @Test
    void largeValuesUseBothBytes() {
        Sds011Frame f = Sds011Codec.data(999.9, 123.4, 0x1234);
        assertThat(decodeOne(Sds011Codec.encode(f))).isEqualTo(f);
        assertThat(f.pm25()).isEqualTo(999.9);
        assertThat(f.pm10()).isEqualTo(123.4);
    }

    @Test
    void theCommandOfARequestIsRead() { // the commands' bytes: golden/sds011.golden
        assertThat(Sds011Codec.commandOf(Sds011Codec.query())).isEqualTo(0x04);
    }

    @Test
    void aReplyDecodesAndGivesNoReadings() {
        Sds011Frame reply = decodeOne(hex("AA C5 08 01 01 00 A1 60 0B AB"));
        assertThat(reply.isData()).isFalse();
        assertThat(reply).isEqualTo(Sds011Codec.reply(0x08, 1, 0xA160));
        assertThat(Sds011Codec.readings(reply, 0)).isEmpty();
    }

    @Test
    void garbageTornFramesAndBadChecksums() {
        byte[] good = hex("AA C0 09 00 09 00 58 D9 43 AB");
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(hex("AA AA 01 AB"));
        s.writeBytes(hex("AA C0 09 00 09 00 58 D9 44 AB")); // bad checksum
        s.writeBytes(good);
        byte[] all = s.toByteArray();
        CollectingSink<Sds011Frame> sink = new CollectingSink<>();
        var d = Sds011Codec.decoder();
        for (int i = 0; i < all.length; i += 3) {
            d.feed(all, i, Math.min(3, all.length - i), sink);
        }
        assertThat(sink.frames).containsExactly(decodeOne(good));
        assertThat(sink.checksumErrors).isEqualTo(1);
        assertThat(sink.resyncs).isPositive();
    }
}
