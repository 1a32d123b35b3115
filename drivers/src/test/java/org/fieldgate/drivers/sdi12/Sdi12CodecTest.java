package org.fieldgate.drivers.sdi12;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fieldgate.drivers.sdi12.Sdi12Codec.DataResponse;
import org.fieldgate.drivers.sdi12.Sdi12Codec.Identification;
import org.fieldgate.drivers.sdi12.Sdi12Codec.MeasureResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden cases from the examples printed in the SDI-12 Specification v1.4: the CRC examples of
 * section 4.4.12.3 (a–d) and the measurement / data examples of section 4.4.8.4 (section numbers as
 * cited by independent SDI-12 implementations' tests; the CRC characters are checked here against the
 * CRC-16/ARC definition of section 4.4.12.1–2, so a wrong transcription would fail). Sources in
 * src/test/resources/README.md.
 */
class Sdi12CodecTest {

    @Test
    void addressesAreDigitsAndLetters() {
        assertThat("09azAZ".chars().allMatch(c -> Sdi12Codec.validAddress((char) c))).isTrue();
        assertThat("?!/: @[`{".chars().noneMatch(c -> Sdi12Codec.validAddress((char) c))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "00001, 0, 0, 1",   // 4.4.8.4 a: one value, available at once
        "00053, 0, 5, 3",   // 4.4.8.4 b: three values in 5 s
        "00359, 0, 35, 9",  // 4.4.8.4 c: nine values in 35 s
        "00012, 0, 1, 2",   // 4.4.8.4 d: two values in 1 s
        "00101, 0, 10, 1",  // 4.4.5: one value ready in 10 s
        "z9990, z, 999, 0"})
    void parsesMeasureResponses(String line, char address, int seconds, int count) {
        assertThat(Sdi12Codec.parseMeasure(line)).contains(new MeasureResponse(address, seconds, count));
    }

    @Test
    void refusesMalformedMeasureResponses() {
        for (String bad : List.of("", "0001", "000011", "0X011", "?0011", "0001a", "0٠٠11")) {
            assertThat(Sdi12Codec.parseMeasure(bad)).as(bad).isEmpty();
        }
        assertThat(Sdi12Codec.parseMeasure(null)).isEmpty();
    }

    @Test
    void parsesValueLists() {
        // 4.4.8.4 a, b, c (first group)
        assertThat(Sdi12Codec.parseData("0+3.14", false)).contains(new DataResponse('0', List.of(3.14), true));
        assertThat(Sdi12Codec.parseData("0+3.14+2.718+1.414", false))
                .contains(new DataResponse('0', List.of(3.14, 2.718, 1.414), true));
        assertThat(Sdi12Codec.parseData("0+1.11+2.22+3.33+4.44+5.55+6.66", false).orElseThrow().values())
                .containsExactly(1.11, 2.22, 3.33, 4.44, 5.55, 6.66);
        assertThat(Sdi12Codec.parseData("1+1.23-0.5+12-.25+1234567", false).orElseThrow().values())
                .containsExactly(1.23, -0.5, 12.0, -0.25, 1234567.0);
        // an address alone: the sensor has no (more) values
        assertThat(Sdi12Codec.parseData("0", false)).contains(new DataResponse('0', List.of(), true));
    }

    @Test
    void refusesMalformedValueLists() {
        for (String bad : List.of("", "0+", "0 3.14", "0+3..1", "0+12345678", "0+1.2.3", "03.14", "0+1e5", "!+1")) {
            assertThat(Sdi12Codec.parseData(bad, false)).as(bad).isEmpty();
        }
    }

    @Test
    void crcIsCrc16ArcInThreeCharacters() {
        assertThat(Sdi12Codec.crc16("123456789")).isEqualTo(0xBB3D); // the catalogued CRC-16/ARC check
        assertThat(Sdi12Codec.crcChars(0xBB3D)).isEqualTo("Kl}");
        assertThat(Sdi12Codec.withCrc("0+3.14")).isEqualTo("0+3.14OqZ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0+3.14OqZ                          | 0+3.14",                           // 4.4.12.3 a
        "0+3.14+2.718+1.414Ipz              | 0+3.14+2.718+1.414",               // 4.4.12.3 b
        "0+1.11+2.22+3.33+4.44+5.55+6.66I]q | 0+1.11+2.22+3.33+4.44+5.55+6.66",  // 4.4.12.3 c, D0
        "0+7.77+8.88+9.99IvW                | 0+7.77+8.88+9.99",                 // 4.4.12.3 c, D1
        "0+3.14+2.718IWO                    | 0+3.14+2.718"})                    // 4.4.12.3 d
    void specCrcExamplesCheckBothWays(String onTheLine, String data) {
        assertThat(Sdi12Codec.withCrc(data)).isEqualTo(onTheLine);
        DataResponse r = Sdi12Codec.parseData(onTheLine, true).orElseThrow();
        assertThat(r.crcOk()).isTrue();
        assertThat(r.values()).isEqualTo(Sdi12Codec.parseData(data, false).orElseThrow().values());
    }

    @Test
    void aCorruptedResponseFailsItsCrc() {
        assertThat(Sdi12Codec.parseData("0+3.15OqZ", true)).contains(new DataResponse('0', List.of(), false));
        assertThat(Sdi12Codec.parseData("0+3.14OqY", true)).contains(new DataResponse('0', List.of(), false));
        assertThat(Sdi12Codec.parseData("0+3.14", true)).as("CRC missing").contains(
                new DataResponse('0', List.of(), false));
        assertThat(Sdi12Codec.parseData("0Oq", true)).isEmpty();
    }

    @Test
    void parsesIdentification() {
        // a ll cccccccc mmmmmm vvv xxx: SDI-12 1.3, vendor, model, version, serial
        Identification id = Sdi12Codec.parseIdentification("013CAMPBELLCS451 2.1SN12345").orElseThrow();

        assertThat(id).isEqualTo(new Identification('0', "1.3", "CAMPBELL", "CS451", "2.1", "SN12345"));
        assertThat(id.describe()).isEqualTo("SDI-12 1.3 CAMPBELL CS451 v2.1 SN12345");
        assertThat(Sdi12Codec.parseIdentification("0XXCAMPBELLCS451 2.1")).isEmpty();
        assertThat(Sdi12Codec.parseIdentification("013CAMPBELL")).isEmpty();
    }

    @Test
    void parsesTheAddressAlone() {
        assertThat(Sdi12Codec.parseAddress("5")).contains('5');
        assertThat(Sdi12Codec.parseAddress("55")).isEmpty();
        assertThat(Sdi12Codec.parseAddress("?")).isEmpty();
    }
}
