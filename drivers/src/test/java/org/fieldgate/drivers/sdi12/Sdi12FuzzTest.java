package org.fieldgate.drivers.sdi12;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.fieldgate.drivers.sdi12.Sdi12Codec.DataResponse;
import org.junit.jupiter.api.Test;

/** Random and mutated responses never throw, and a mutated CRC-protected response never gives values it did not carry. */
class Sdi12FuzzTest {

    private static String random(Random r, String alphabet, int max) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(max);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.isEmpty() ? (char) r.nextInt(256) : alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void randomTextNeverThrows() {
        Random r = new Random(1988);
        for (int i = 0; i < 100_000; i++) {
            String line = random(r, i % 2 == 0 ? "" : "0aZ+-.0123456789!?@OqZ", 40);
            Sdi12Codec.parseMeasure(line);
            Sdi12Codec.parseAddress(line);
            Sdi12Codec.parseIdentification(line);
            Sdi12Codec.parseData(line, false).ifPresent(d -> assertThat(d.values()).hasSizeLessThanOrEqualTo(20));
            Sdi12Codec.parseData(line, true).ifPresent(d -> {
                if (d.crcOk()) {
                    assertThat(Sdi12Codec.withCrc(line.substring(0, line.length() - 3))).isEqualTo(line);
                }
            });
        }
    }

    @Test
    void mutatedSpecResponsesFailTheirCrc() {
        String good = "0+3.14+2.718+1.414Ipz"; // SDI-12 v1.4 section 4.4.12.3 b
        assertThat(Sdi12Codec.parseData(good, true)).as("the unmutated response is taken")
                .hasValueSatisfying(d -> assertThat(d.crcOk()).isTrue());
        Random r = new Random(14);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            char[] c = good.toCharArray();
            int at = r.nextInt(c.length);
            char was = c[at];
            do {
                c[at] = (char) (0x20 + r.nextInt(0x5F));
            } while (c[at] == was);
            Optional<DataResponse> d = Sdi12Codec.parseData(new String(c), true);
            if (d.isPresent() && d.get().crcOk()) {
                accepted++;
            }
        }
        // CRC-16 detects every single-character error
        assertThat(accepted).isZero();
    }
}
