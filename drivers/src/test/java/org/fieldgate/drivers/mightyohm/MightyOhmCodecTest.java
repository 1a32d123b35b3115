package org.fieldgate.drivers.mightyohm;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.testing.CollectingSink;
import org.junit.jupiter.api.Test;

/** The kit's report line: the firmware's dose arithmetic as the check, banners, torn and garbled lines (facts: src/test/resources/README.md). */
class MightyOhmCodecTest {

    static final String SLOW_13 = "CPS, 0, CPM, 13, uSv/hr, 0.07, SLOW";
    static final String FAST_1260 = "CPS, 21, CPM, 1260, uSv/hr, 7.18, FAST";

    /** A report as the firmware writes it for {@code cpm}. */
    static String report(long cps, long cpm, String mode) {
        long hundredths = cpm * 57 / 100;
        return String.format("CPS, %d, CPM, %d, uSv/hr, %d.%02d, %s", cps, cpm, hundredths / 100, hundredths % 100, mode);
    }

    private static CollectingSink<MightyOhmLine> decode(String text, List<String> banner) {
        CollectingSink<MightyOhmLine> out = new CollectingSink<>();
        new MightyOhmCodec(MightyOhmCodec.FIRMWARE_USV_PER_CPM, banner::add).feed(text.getBytes(US_ASCII), 0,
                text.length(), out);
        return out;
    }

    @Test
    void reportsInEveryModeDecodeWithTheirCounts() {
        CollectingSink<MightyOhmLine> out = decode(SLOW_13 + "\r\n" + FAST_1260 + "\r\n"
                + report(300, 18000, "INST") + "\r\n", new ArrayList<>());
        assertThat(out.frames).containsExactly(new MightyOhmLine(0, 13, 0.07, "SLOW"),
                new MightyOhmLine(21, 1260, 7.18, "FAST"), new MightyOhmLine(300, 18000, 102.6, "INST"));
        assertThat(out.resyncs + out.checksumErrors).isZero();
    }

    @Test
    void aChangedDigitThatTheDoseBetraysIsRefused() {
        // 13 -> 93 CPM on the wire: the line still parses, but 93 x 0.0057 is 0.53, not 0.07
        CollectingSink<MightyOhmLine> out = decode(SLOW_13.replace("13", "93") + "\r\n", new ArrayList<>());
        assertThat(out.frames).isEmpty();
        assertThat(out.checksumErrors).isEqualTo(1);
        // a clone that prints its own dose: the check is off with factor 0
        CollectingSink<MightyOhmLine> clone = new CollectingSink<>();
        String line = "CPS, 1, CPM, 93, uSv/hr, 0.61, SLOW\r\n";
        new MightyOhmCodec(0, l -> { }).feed(line.getBytes(US_ASCII), 0, line.length(), clone);
        assertThat(clone.frames).extracting(MightyOhmLine::cpm).containsExactly(93L);
    }

    @Test
    void bannersAreNotGarbageButTornAndGarbledLinesAre() {
        List<String> banner = new ArrayList<>();
        CollectingSink<MightyOhmLine> out = decode("mightyohm.com Geiger Counter 1.00\r\nhttp://mightyohm.com/geiger\r\n"
                + "M, 13, uSv/hr, 0.07, SLOW\r\n"          // a report's tail: listening started mid-line
                + "\u0000\u00ff" + SLOW_13 + "\r\n"        // noise before a report on its line
                + "CPS, 0, CPM, 1x, uSv/hr, 0.07, SLOW\r\n" // a garbled count
                + "CPS, 0, CPM, 13, uSv/hr, 0.07, SLOWER\r\n"
                + "CPS, 0, CPM, 13, uSv/hr, 0.07\r\n", banner);
        assertThat(banner).containsExactly("mightyohm.com Geiger Counter 1.00", "http://mightyohm.com/geiger");
        assertThat(out.frames).containsExactly(new MightyOhmLine(0, 13, 0.07, "SLOW"));
        assertThat(out.resyncs).isEqualTo(5);
        assertThat(out.checksumErrors).isZero();
    }

    @Test
    void aLineTooLongIsDroppedWholeAndTheNextOneTaken() {
        CollectingSink<MightyOhmLine> out = decode("CPS, ".repeat(400) + "\r\n" + SLOW_13 + "\r\n", new ArrayList<>());
        assertThat(out.frames).hasSize(1);
        assertThat(out.resyncs).isEqualTo(1);
    }

    @Test
    void aReportSplitAcrossReadsDecodesOnce() {
        byte[] b = (FAST_1260 + "\r\n").getBytes(US_ASCII);
        CollectingSink<MightyOhmLine> out = new CollectingSink<>();
        MightyOhmCodec codec = new MightyOhmCodec(MightyOhmCodec.FIRMWARE_USV_PER_CPM, l -> { });
        for (byte x : b) {
            codec.feed(new byte[] {x}, 0, 1, out);
        }
        assertThat(out.frames).extracting(MightyOhmLine::cpm).containsExactly(1260L);
    }

    @Test
    void randomAndMutatedInputNeverThrowsAndRarelyInventsACount() {
        Random random = new Random(57);
        byte[] good = (SLOW_13 + "\r\n" + FAST_1260 + "\r\n").getBytes(US_ASCII);
        int decoded = 0;
        int invented = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(200)];
                random.nextBytes(b);
            } else {
                b = good.clone();
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            CollectingSink<MightyOhmLine> out = new CollectingSink<>();
            MightyOhmCodec codec = new MightyOhmCodec(MightyOhmCodec.FIRMWARE_USV_PER_CPM, l -> { });
            int cut = b.length == 0 ? 0 : random.nextInt(b.length);
            codec.feed(b, 0, cut, out);
            codec.feed(b, cut, b.length - cut, out);
            for (MightyOhmLine l : out.frames) {
                if (l.cpm() != 13 && l.cpm() != 1260) {
                    invented++;
                }
            }
            decoded += out.frames.size();
        }
        assertThat(decoded).isGreaterThan(25_000);
        // with no checksum a changed digit can slip through only where the dose hides it (e.g. 1260 -> 1261
        // still prints 7.18): the dose check must catch nearly all of them (none in this run)
        assertThat(invented).as("counts a flipped byte made up").isLessThan(25);
    }
}
