package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesBecomeVisible() {
        assertThat(TerminalText.escape("\u001b]0;owned\u0007\u001b[2J\u001b[31mALARM"))
                .isEqualTo("\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mALARM");
    }

    @Test
    void everyC0DelAndC1CharacterIsEscapedNewlinesAndTabsToo() {
        for (char c = 0; c < 0x20; c++) {
            assertThat(TerminalText.escape("a" + c + "b")).isEqualTo(String.format("a\\u%04xb", (int) c));
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            assertThat(TerminalText.escape(String.valueOf(c))).isEqualTo(String.format("\\u%04x", (int) c));
        }
    }

    @Test
    void bidiOverridesAndIsolatesAreEscaped() {
        for (char c : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
                '\u2069'}) {
            assertThat(TerminalText.escape("x" + c)).isEqualTo(String.format("x\\u%04x", (int) c));
        }
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String text = "{\"seq\":1,\"site\":\"Long Biên\",\"path\":\"C:\\\\x\"} 水位 ±0.5 m";
        assertThat(TerminalText.escape(text)).isSameAs(text);
    }
}
