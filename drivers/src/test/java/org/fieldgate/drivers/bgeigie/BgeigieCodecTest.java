package org.fieldgate.drivers.bgeigie;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.CollectingSink;
import org.junit.jupiter.api.Test;

/** The bGeigie sentence: checksum, validity, comments, torn and garbled lines (facts: src/test/resources/README.md). */
class BgeigieCodecTest {

    /** From the bGeigie documentation; its checksum verifies. */
    static final String GOOD = "$BNRDD,2108,2013-12-06T13:03:58Z,22,2,115,A,3145.7607,N,03510.1975,E,734.90,V,3,908*64";
    /** Also from the documentation: the XOR is 0x58, not 0x6D. A driver must refuse it. */
    static final String DOCUMENTED_BAD = "$BNRDD,300,2012-12-16T17:58:31Z,30,1,116,A,4618.9612,N,00658.4831,E,443.7,A,5,1.28*6D";

    static String sentence(String talker, long cpm, String validity) {
        String body = talker + ",2108,2024-05-01T00:00:00Z," + cpm + ",3,9999," + validity
                + ",2101.4000,N,10551.2000,E,12.0,A,7,1.1";
        int x = 0;
        for (char c : body.toCharArray()) {
            x ^= c;
        }
        return "$" + body + String.format("*%02X", x);
    }

    private static CollectingSink<BgeigieSentence> decode(String text) {
        CollectingSink<BgeigieSentence> out = new CollectingSink<>();
        new BgeigieCodec(line -> { }).feed(text.getBytes(US_ASCII), 0, text.length(), out);
        return out;
    }

    @Test
    void theDocumentationsGoodSentenceDecodesAndItsBadOneIsRefused() {
        CollectingSink<BgeigieSentence> out = decode(GOOD + "\r\n" + DOCUMENTED_BAD + "\r\n");
        assertThat(out.frames).singleElement().satisfies(s -> {
            assertThat(s.device()).isEqualTo("2108");
            assertThat(s.cpm()).isEqualTo(22);
            assertThat(s.valid()).isTrue();
            assertThat(s.gpsValid()).isFalse();
        });
        assertThat(out.checksumErrors).isEqualTo(1);
    }

    @Test
    void miniAndNxSentencesAndTheValidityFlag() {
        CollectingSink<BgeigieSentence> out = decode(sentence("BMRDD", 40, "A") + "\r\n" + sentence("BNXRDD", 0, "V")
                + "\r\n");
        assertThat(out.frames).extracting(BgeigieSentence::cpm).containsExactly(40L, 0L);
        assertThat(out.frames).extracting(BgeigieSentence::valid).containsExactly(true, false);
        assertThat(out.frames.get(0).lat()).isCloseTo(21.0233, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void commentsAreNotGarbageButTornAndGarbledLinesAre() {
        List<String> comments = new ArrayList<>();
        CollectingSink<BgeigieSentence> out = new CollectingSink<>();
        String text = "# NEW LOG\r\n# format=1.0.0nano\r\n# deadtime=on\r\n"
                + "2013-12-06T13:03:58Z,22,2\r\n"                   // the tail of a sentence: listening started mid-line
                + "xx" + GOOD + "\r\n"                              // noise before a sentence on its line
                + "$BNRDD,2108,2013,22*11\r\n"                      // too few fields (and a wrong checksum)
                + GOOD.replace(",22,", ",2x,").replace("*64", "*" + xorOf(GOOD.replace(",22,", ",2x,"))) + "\r\n";
        new BgeigieCodec(comments::add).feed(text.getBytes(US_ASCII), 0, text.length(), out);
        assertThat(comments).containsExactly("# NEW LOG", "# format=1.0.0nano", "# deadtime=on");
        assertThat(out.frames).hasSize(1);
        assertThat(out.resyncs).isEqualTo(3); // the tail, the noise, the unparsable count
        assertThat(out.checksumErrors).isEqualTo(1);
    }

    @Test
    void aSentenceSplitAcrossReadsDecodesOnce() {
        byte[] b = (GOOD + "\r\n").getBytes(US_ASCII);
        CollectingSink<BgeigieSentence> out = new CollectingSink<>();
        BgeigieCodec codec = new BgeigieCodec(line -> { });
        for (byte x : b) {
            codec.feed(new byte[] {x}, 0, 1, out);
        }
        assertThat(out.frames).hasSize(1);
        assertThat(out.resyncs).isZero();
    }

    @Test
    void doseIsCpmOverTheTubeFactorAndAnInvalidMinuteIsSuspect() {
        BgeigieReadings nano = new BgeigieReadings(BgeigieConfig.LND_7317);
        List<Reading> r = nano.readings(decode(GOOD + "\n").frames.get(0), 7L);
        assertThat(r).containsExactly(new Reading("cpm", 7L, 22, Quality.OK),
                new Reading("dose_usv_h", 7L, 0.0659, Quality.OK));
        List<Reading> v = nano.readings(decode(sentence("BNRDD", 334, "V") + "\n").frames.get(0), 8L);
        assertThat(v).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
        assertThat(v.get(1).value()).isEqualTo(1.0);
    }

    @Test
    void randomAndMutatedInputNeverThrowsAndNeverInventsACount() {
        Random random = new Random(334);
        byte[] good = (GOOD + "\r\n" + sentence("BMRDD", 40, "A") + "\r\n").getBytes(US_ASCII);
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(200)];
                random.nextBytes(b);
            } else {
                b = good.clone();
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            CollectingSink<BgeigieSentence> out = new CollectingSink<>();
            BgeigieCodec codec = new BgeigieCodec(line -> { });
            int cut = b.length == 0 ? 0 : random.nextInt(b.length);
            codec.feed(b, 0, cut, out);
            codec.feed(b, cut, b.length - cut, out);
            assertThat(out.frames).allSatisfy(s -> assertThat(s.cpm()).isIn(22L, 40L));
            decoded += out.frames.size();
        }
        // one flipped byte in two sentences: the other sentence (at least) comes through
        assertThat(decoded).isGreaterThan(25_000);
    }

    private static String xorOf(String sentence) {
        int x = 0;
        for (char c : sentence.substring(1, sentence.indexOf('*')).toCharArray()) {
            x ^= c;
        }
        return String.format("%02X", x);
    }

    @Test
    void aboveTheFastLevelTheLastFiveSecondsAreReportedTimesTwelve() {
        BgeigieReadings fast = new BgeigieReadings(BgeigieConfig.LND_7317, 1.0); // 334 cpm
        // background: the minute count (30), not 3 × 12 = 36
        BgeigieSentence quiet = decode(sentence("BNRDD", 30, "A") + "\n").frames.get(0);
        assertThat(fast.cpm(quiet)).isEqualTo(30);
        // a plume arrives: 60 counts in 5 s = 720 cpm while the minute count still says 90
        BgeigieSentence rising = new BgeigieSentence("2108", "t", 90, 60, 9999, true, Double.NaN, Double.NaN, false);
        assertThat(fast.cpm(rising)).isEqualTo(720);
        assertThat(fast.readings(rising, 1L).get(1).value()).isEqualTo(2.1557);
        assertThat(new BgeigieReadings(BgeigieConfig.LND_7317).cpm(rising)).as("without it: the minute").isEqualTo(90);
    }
}
