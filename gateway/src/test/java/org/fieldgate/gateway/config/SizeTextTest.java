package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizeTextTest {

    @Test
    void parsesBinaryUnitsAndBytes() {
        assertThat(SizeText.parse("1048576")).isEqualTo(1_048_576L);
        assertThat(SizeText.parse("100B")).isEqualTo(100L);
        assertThat(SizeText.parse("64KB")).isEqualTo(64L * 1024);
        assertThat(SizeText.parse("512MB")).isEqualTo(512L * 1024 * 1024);
        assertThat(SizeText.parse("2GB")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(SizeText.parse("1TB")).isEqualTo(1L << 40);
        assertThat(SizeText.parse("512 MB")).isEqualTo(512L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 gigs", "1.5GB", "-1MB", "MB", "2gb", "2G", ""})
    void rejectsOtherForms(String text) {
        assertThatThrownBy(() -> SizeText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad size '" + text + "' (use 64KB, 512MB, 2GB or a number of bytes)");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> SizeText.parse("9000000000TB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> SizeText.parse("99999999999999999999")).hasMessageContaining("too large");
    }
}
