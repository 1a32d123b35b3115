package org.fieldgate.drivers.io.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import org.fieldgate.drivers.testing.MockGpio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class Pi4jGpioOutputTest {

    private final MockGpio mock = new MockGpio();

    @AfterEach
    void shutdown() {
        mock.close();
    }

    @Test
    void anOutputStartsAtItsSafeLevelAndFollowsSet() throws Exception {
        try (GpioOutput out = mock.inputs().openOutput(17, false)) {
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.LOW);
            out.set(true);
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.HIGH);
            assertThat(out.high()).isTrue();
            out.set(false);
            assertThat(mock.output(17).state()).isEqualTo(DigitalState.LOW);
            assertThat(out.pin()).isEqualTo(17);
        }
    }

    @Test
    void anActiveLowRelayStartsHighWhenHighIsSafe() throws Exception {
        try (GpioOutput out = mock.inputs().openOutput(22, true)) {
            assertThat(mock.output(22).state()).isEqualTo(DigitalState.HIGH);
        }
    }

    @Test
    void closeDrivesTheSafeLevelThenReleasesThePin() throws Exception {
        GpioOutput out = mock.inputs().openOutput(5, false);
        var pin = mock.output(5);
        out.set(true);
        out.close();
        out.close();
        assertThat(pin.state()).isEqualTo(DigitalState.LOW);
        assertThat(mock.output(5)).isNull();
        assertThatThrownBy(() -> out.set(true)).isInstanceOf(IllegalStateException.class);
        try (GpioOutput again = mock.inputs().openOutput(5, false)) {
            assertThat(mock.output(5)).isNotNull();
        }
    }

    @Test
    void aPinOpenedAsInputCannotAlsoBeAnOutput() throws Exception {
        try (GpioInput in = mock.inputs().open(27, Pull.UP, (h, t) -> { })) {
            assertThatThrownBy(() -> mock.inputs().openOutput(27, false))
                    .isInstanceOf(GpioUnavailableException.class)
                    .hasMessageContaining("BCM 27");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void productionOutputsOnX86AreUnavailableWithAClearError() {
        assertThatThrownBy(() -> Pi4jGpio.production().openOutput(17, false))
                .isInstanceOf(GpioUnavailableException.class)
                .hasMessageStartingWith("GPIO not available on this machine: ")
                .hasMessageContaining("os.arch=");
    }
}
