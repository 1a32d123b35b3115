package org.fieldgate.drivers.maxbotixhrxl;

import org.fieldgate.drivers.testing.CollectingSink;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.junit.jupiter.api.Test;

/** The HRXL serial line format and banner as written down, with sources, in src/test/resources/README.md. */
class MaxbotixHrxlCodecTest {

    /**
     * The power-up banner of an HRXL-MaxSonar-WRL (MB7386) as the EnviroDIY ModularSensors library
     * documents it (src/sensors/MaxBotixSonar.cpp, BSD-3): six lines, each ended by CR.
     */
    static final String BANNER = "HRXL-MaxSonar-WRL\rPN:MB7386\rCopyright 2011-2013\rMaxBotix Inc.\r"
            + "RoHS 1.8b090  0713\rTempI\r";

    private final List<String> banner = new ArrayList<>();
    private final CollectingSink<HrxlRange> out = new CollectingSink<>();

    private void feed(MaxbotixHrxlCodec codec, String text) {
        byte[] b = text.getBytes(US_ASCII);
        codec.feed(b, 0, b.length, out);
    }

    private MaxbotixHrxlCodec mm() {
        return new MaxbotixHrxlCodec("mm", banner::add);
    }

    @Test
    void theBannerIsSkippedWithoutCountingAsGarbage() {
        feed(mm(), BANNER + "R2345\r");

        assertThat(banner).containsExactly("HRXL-MaxSonar-WRL", "PN:MB7386", "Copyright 2011-2013",
                "MaxBotix Inc.", "RoHS 1.8b090  0713", "TempI");
        assertThat(millimetres(out)).containsExactly(2345);
        assertThat(out.resyncs).isZero();
    }

    @Test
    void aBannerJoinedMidwayIsStillRecognised() {
        feed(mm(), "0713\rTempI\rR2345\r");

        assertThat(banner).containsExactly("TempI");
        assertThat(out.resyncs).as("the torn first line").isEqualTo(1);
        assertThat(millimetres(out)).containsExactly(2345);
    }

    @Test
    void tornLinesJoinAcrossFeeds() {
        MaxbotixHrxlCodec codec = mm();
        for (String part : List.of("R1", "23", "4", "\rR98", "76\r")) {
            feed(codec, part);
        }

        assertThat(millimetres(out)).containsExactly(1234, 9876);
    }

    @Test
    void garbageIsAResyncAndAReadingAfterGarbageOnTheSameLineIsKept() {
        feed(mm(), "34\r\u00ff\u0000xyz\rR12x4\rR123\rR12345\r#!R2000\r");

        assertThat(millimetres(out)).containsExactly(2000);
        assertThat(out.resyncs).isEqualTo(6);
        assertThat(banner).isEmpty();
    }

    @Test
    void aWrongDigitCountForTheUnitsIsGarbage() {
        MaxbotixHrxlCodec cm = new MaxbotixHrxlCodec("cm", banner::add);
        feed(cm, "R1234\r");

        assertThat(millimetres(out)).isEmpty();
        assertThat(out.resyncs).isEqualTo(1);
    }

    @Test
    void anEndlessLineIsDroppedAndTheStreamRecovers() {
        feed(mm(), "x".repeat(10_000) + "\rR1500\r");

        assertThat(out.resyncs).isEqualTo(1);
        assertThat(out.skipped).isEqualTo(10_001);
        assertThat(millimetres(out)).containsExactly(1500);
    }

    @Test
    void lineFeedsAndEmptyLinesAreIgnored() {
        feed(mm(), "R1111\r\n\r\rR2222\r\n");

        assertThat(millimetres(out)).containsExactly(1111, 2222);
        assertThat(out.resyncs).isZero();
    }

    @Test
    void noTargetAndBlankingValuesAreSuspectNeverOk() {
        MaxbotixHrxlReadings five = new MaxbotixHrxlReadings(300, 4999, 14.20, "stage_m");

        assertThat(five.readings(new HrxlRange(2345), 7L)).containsExactly(
                new Reading("distance_m", 7L, 2.345, Quality.OK),
                new Reading("stage_m", 7L, 11.855, Quality.OK));
        for (int special : new int[] {300, 4999, 5000}) {
            assertThat(five.readings(new HrxlRange(special), 7L))
                    .as("%d mm", special)
                    .extracting(Reading::quality).containsOnly(Quality.SUSPECT);
        }
        assertThat(five.readings(new HrxlRange(301), 7L)).extracting(Reading::quality).containsOnly(Quality.OK);
        assertThat(five.readings(new HrxlRange(4998), 7L)).extracting(Reading::quality).containsOnly(Quality.OK);

        MaxbotixHrxlReadings ten = new MaxbotixHrxlReadings(500, 9998, null, null);
        assertThat(ten.readings(new HrxlRange(4999), 7L))
                .containsExactly(new Reading("distance_m", 7L, 4.999, Quality.OK));
        assertThat(ten.readings(new HrxlRange(9999), 7L)).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
        assertThat(ten.readings(new HrxlRange(500), 7L)).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
    }

    @Test
    void medianDropsASingleSpike() {
        MedianFilter median = new MedianFilter(mm(), 3);
        byte[] b = "R2000\rR0450\rR2002\rR5000\rR2001\rR2003\r".getBytes(US_ASCII);
        median.feed(b, 0, b.length, out);

        // windows: [2000] [2000,450] [2000,450,2002] [450,2002,5000] [2002,5000,2001] [5000,2001,2003]
        assertThat(millimetres(out)).containsExactly(2000, 450, 2000, 2002, 2002, 2003);
    }

    @Test
    void anEvenMedianTakesTheLowerMiddleSoNoTargetNeverWinsATie() {
        MedianFilter median = new MedianFilter(mm(), 2);

        assertThat(median.add(new HrxlRange(2000)).millimetres()).isEqualTo(2000);
        assertThat(median.add(new HrxlRange(5000)).millimetres()).isEqualTo(2000);
    }

    private static java.util.List<Integer> millimetres(CollectingSink<HrxlRange> sink) {
        return sink.frames.stream().map(HrxlRange::millimetres).toList();
    }
}
