package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @Test
    void parsesEveryUnit() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 sec", "10", "s", "1.5s", "-1s", "5M", "1h30m", "", "PT5M", "1w"})
    void rejectsOtherForms(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad duration '" + text + "' (use 500ms, 30s, 5m, 2h)");
    }

    @Test
    void rejectsNullAndOverflow() {
        assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999d"))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> DurationText.parse("9999999999999999d"))
                .hasMessageContaining("too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "1500ms", "90s", "5m", "2h", "3d", "0s"})
    void formatIsTheInverseOfParse(String text) {
        assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
    }
}
