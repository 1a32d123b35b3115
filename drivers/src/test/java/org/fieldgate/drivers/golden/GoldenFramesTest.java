package org.fieldgate.drivers.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fieldgate.drivers.golden.GoldenCodecs.Decoded;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden frames of every driver that speaks a wire protocol, as data: {@code
 * src/test/resources/golden/<driver>.golden} (sources in {@code src/test/resources/README.md}).
 * A decode case must give exactly the expected values, with no checksum error or resync, and, where
 * the codec also writes that frame, write back the very bytes it read; an encode case must give the
 * bytes. The model is PLC4X's parser-serializer suites: one runner, one file of cases per protocol.
 */
class GoldenFramesTest {

    @TestFactory
    Stream<DynamicContainer> everyDriversGoldenFrames() {
        return GoldenCodecs.BY_DRIVER.keySet().stream().sorted().map(driver -> DynamicContainer.dynamicContainer(
                driver, cases(driver).stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(driver, c)))));
    }

    @Test
    void everyFileHasDecodeCasesAndEveryDriverThatSendsHasEncodeCases() {
        for (String driver : GoldenCodecs.BY_DRIVER.keySet()) {
            List<GoldenCase> cases = cases(driver);
            assertThat(cases).as(driver).anyMatch(c -> c.kind().equals("decode"));
            if (!List.of("seismic-serial", "maxbotix-hrxl", "bgeigie", "mightyohm").contains(driver)) { // these only listen
                assertThat(cases).as(driver).anyMatch(c -> c.kind().equals("encode"));
            }
        }
    }

    static List<GoldenCase> cases(String driver) {
        try (InputStream in = GoldenFramesTest.class.getResourceAsStream("/golden/" + driver + ".golden")) {
            assertThat(in).as("golden/%s.golden", driver).isNotNull();
            return GoldenCase.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void check(String driver, GoldenCase c) {
        GoldenCodecs.Codec codec = GoldenCodecs.BY_DRIVER.get(driver);
        if (c.kind().equals("encode")) {
            assertThat(hex(codec.encode(c))).isEqualTo(hex(c.wire()));
            return;
        }
        Decoded d = codec.decode(c);
        assertThat(d.checksumErrors()).as("checksum errors").isZero();
        assertThat(d.resyncs()).as("resyncs").isZero();
        assertThat(d.values().keySet()).as("values decoded").containsExactlyInAnyOrderElementsOf(c.expect().keySet());
        for (Map.Entry<String, List<String>> e : c.expect().entrySet()) {
            List<Double> got = d.values().get(e.getKey());
            assertThat(got).as(e.getKey()).hasSameSizeAs(e.getValue());
            for (int i = 0; i < got.size(); i++) {
                // the expected value as printed: a whole number exactly, a decimal to its last digit
                String text = e.getValue().get(i);
                BigDecimal expected = text.matches("-?0x\\p{XDigit}+")
                        ? BigDecimal.valueOf(Long.decode(text)) : new BigDecimal(text);
                double half = expected.scale() <= 0 ? 1e-9 : 0.5 * Math.pow(10, -expected.scale());
                assertThat(got.get(i)).as("%s[%d]", e.getKey(), i).isCloseTo(expected.doubleValue(), within(half));
            }
        }
        if (d.reencoded() != null) {
            assertThat(hex(d.reencoded())).as("written back").isEqualTo(hex(c.wire()));
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
    }
}
