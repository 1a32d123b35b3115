package org.fieldgate.drivers.gmc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** GQ-RFC1201 / GQ-RFC1801 facts: src/test/resources/README.md. */
class GmcModelTest {

    private static GmcModel model(String version) {
        byte[] b = version.getBytes(US_ASCII);
        return GmcModel.of(b, b.length).orElseThrow();
    }

    @Test
    void theVersionSaysHowLongTheCpmReplyIs() {
        GmcModel m300 = model("GMC-300Re 4.54");
        assertThat(m300.cpmBytes()).isEqualTo(2);
        assertThat(m300.hasVolt()).isTrue();
        assertThat(m300.cpm(new byte[] {0x00, 0x1C})).isEqualTo(28);
        GmcModel m500 = model("GMC-500+Re 1.18");
        assertThat(m500.cpmBytes()).isEqualTo(4);
        assertThat(m500.hasVolt()).isFalse();
        assertThat(m500.cpm(new byte[] {0x00, 0x01, 0x00, 0x1C})).isEqualTo(65_564);
        assertThat(model("GMC-800Re1.10 ").cpmBytes()).isEqualTo(4);
        assertThat(model("GMC-320Re 5.22").cpmBytes()).isEqualTo(2);
        assertThat(new String(GmcModel.command("GETCPM"), US_ASCII)).isEqualTo("<GETCPM>>");
    }

    @Test
    void anythingElseIsNoModel() {
        for (String s : new String[] {"", "GMC", "\u0000\u001c", "HELLO WORLD!!!", "GMC-300\u0001e 4.54"}) {
            byte[] b = s.getBytes(US_ASCII);
            assertThat(GmcModel.of(b, b.length)).as(s).isEmpty();
        }
        Random random = new Random(1201);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(16)];
            random.nextBytes(b);
            GmcModel.of(b, b.length); // never throws
        }
    }
}
