package org.fieldgate.gateway.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniSeedCodesTest {

    private static final List<String> XYZ = List.of("x", "y", "z");

    @Test
    void accelerometerDefaultsAtOpenEewRate() {
        MiniSeedCodes codes = MiniSeedCodes.defaults("MX", "S009", "", 31.25, XYZ);

        assertThat(codes.channels()).containsExactly(Map.entry("x", "BNE"), Map.entry("y", "BNN"), Map.entry("z", "BNZ"));
        assertThat(codes.location()).isEmpty();
    }

    @Test
    void bandCodeFollowsSeedAppendixAForLongCornerPeriodInstruments() {
        // SEED 2.4 manual, appendix A: F 1000-5000, C 250-1000, H 80-250, B 10-80, M 1-10, L ~1, V ~0.1, U ~0.01 Hz
        assertThat(MiniSeedCodes.bandCode(4000)).isEqualTo('F');
        assertThat(MiniSeedCodes.bandCode(1000)).isEqualTo('F');
        assertThat(MiniSeedCodes.bandCode(500)).isEqualTo('C');
        assertThat(MiniSeedCodes.bandCode(250)).isEqualTo('C');
        assertThat(MiniSeedCodes.bandCode(200)).isEqualTo('H');
        assertThat(MiniSeedCodes.bandCode(125)).isEqualTo('H');
        assertThat(MiniSeedCodes.bandCode(100)).isEqualTo('H');
        assertThat(MiniSeedCodes.bandCode(80)).isEqualTo('H');
        assertThat(MiniSeedCodes.bandCode(62.5)).isEqualTo('B');
        assertThat(MiniSeedCodes.bandCode(10)).isEqualTo('B');
        assertThat(MiniSeedCodes.bandCode(5)).isEqualTo('M');
        assertThat(MiniSeedCodes.bandCode(1)).isEqualTo('L');
        assertThat(MiniSeedCodes.bandCode(0.1)).isEqualTo('V');
        assertThat(MiniSeedCodes.bandCode(0.01)).isEqualTo('U');
        assertThatThrownBy(() -> MiniSeedCodes.bandCode(8000)).hasMessageContaining("sample rate 8000");
        assertThatThrownBy(() -> MiniSeedCodes.bandCode(0)).hasMessageContaining("band code");
    }

    @Test
    void anAxisCanBeOverridden() {
        MiniSeedCodes codes = MiniSeedCodes.defaults("XX", "GW1", "00", 100, XYZ).withChannel("x", "HNZ")
                .withChannel("z", "HNE");

        assertThat(codes.channel("x")).isEqualTo("HNZ");
        assertThat(codes.channel("y")).isEqualTo("HNN");
        assertThat(codes.channel("z")).isEqualTo("HNE");
        assertThat(codes.channels().keySet()).containsExactly("x", "y", "z");
    }

    @Test
    void badCodesAreRejectedNamingTheCode() {
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MEX", "S1", "", 100, XYZ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network code 'MEX'");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("", "S1", "", 100, XYZ))
                .hasMessageContaining("network code ''");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("mx", "S1", "", 100, XYZ))
                .hasMessageContaining("network code 'mx'").hasMessageContaining("A–Z, 0–9");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "STATN1", "", 100, XYZ))
                .hasMessageContaining("station code 'STATN1'");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "S-1", "", 100, XYZ))
                .hasMessageContaining("station code 'S-1'");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "S1", "001", 100, XYZ))
                .hasMessageContaining("location code '001'");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "S1", "", 100, XYZ).withChannel("y", "HN"))
                .hasMessageContaining("channel (axis y) code 'HN'").hasMessageContaining("must be 3 characters");
        assertThatThrownBy(() -> new MiniSeedCodes("MX", "S1", "", Map.of()))
                .hasMessageContaining("at least one axis");
    }

    @Test
    void unknownAxesHaveNoDefaultAndNoCode() {
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "S1", "", 100, List.of("x", "w")))
                .hasMessageContaining("axis 'w'");
        assertThatThrownBy(() -> MiniSeedCodes.defaults("MX", "S1", "", 100, XYZ).channel("w"))
                .hasMessageContaining("no channel code for axis 'w'");
    }

    @Test
    void noLocationIsEmpty() {
        assertThat(new MiniSeedCodes("MX", "S1", null, Map.of("z", "HNZ")).location()).isEmpty();
    }
}
