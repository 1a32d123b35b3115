package org.fieldgate.drivers.io.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.testing.MockGpio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class Pi4jGpioTest {

    private final MockGpio mock = new MockGpio();

    @AfterEach
    void shutdown() {
        mock.close();
    }

    @Test
    void opensAnInputWithItsPullAndReportsEveryEdgeWithItsLevel() throws Exception {
        List<Boolean> edges = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        GpioInput in = mock.inputs().open(17, Pull.UP, (high, t) -> {
            edges.add(high);
            times.add(t);
        });
        MockDigitalInput pin = mock.pin(17);
        MockGpio.levels(pin, true); // idle high (the mock only fires on a change)
        edges.clear();
        times.clear();

        MockGpio.levels(pin, false, true, false);

        assertThat(pin.pull()).isEqualTo(PullResistance.PULL_UP);
        assertThat(edges).containsExactly(false, true, false);
        assertThat(times).isSorted();
        assertThat(in.high()).isFalse();
        assertThat(in.pin()).isEqualTo(17);
    }

    @Test
    void closeReleasesThePinSoItCanBeOpenedAgainAndStopsTheEdges() throws Exception {
        List<Boolean> edges = new CopyOnWriteArrayList<>();
        GpioInput in = mock.inputs().open(5, Pull.NONE, (high, t) -> edges.add(high));
        MockDigitalInput first = mock.pin(5);
        in.close();
        in.close();
        MockGpio.levels(first, true);
        assertThat(mock.isOpen(5)).isFalse();
        assertThat(edges).isEmpty();

        try (GpioInput again = mock.inputs().open(5, Pull.DOWN, (high, t) -> { })) {
            assertThat(mock.pin(5).pull()).isEqualTo(PullResistance.PULL_DOWN);
        }
    }

    @Test
    void aPinOpenedTwiceIsUnavailableWithAClearReason() throws Exception {
        try (GpioInput first = mock.inputs().open(22, Pull.UP, (h, t) -> { })) {
            assertThatThrownBy(() -> mock.inputs().open(22, Pull.UP, (h, t) -> { }))
                    .isInstanceOf(GpioUnavailableException.class)
                    .hasMessageContaining("BCM 22");
        }
    }

    @Test
    void aContextWithTheMockProviderIsRefusedOutsideTests() {
        assertThatThrownBy(() -> Pi4jGpio.requireNoMock(mock.context()))
                .isInstanceOf(GpioUnavailableException.class)
                .hasMessageContaining("mock-digital-input")
                .hasMessageContaining("refusing");
    }

    @Test
    void theProviderDescriptionIsOneLine() {
        assertThat(Pi4jGpio.describe(mock.context())).doesNotContain("\n").contains("mock-digital-input");
    }

    @Test
    void aContextThatCannotBeBuiltMakesThePinUnavailableAndIsTriedAgain() throws Exception {
        int[] builds = {0};
        Pi4jGpio gpio = Pi4jGpio.from("flaky", () -> {
            builds[0]++;
            if (builds[0] == 1) {
                throw new GpioUnavailableException("GPIO not available on this machine: test");
            }
            return mock.context();
        });
        assertThatThrownBy(() -> gpio.open(4, Pull.UP, (h, t) -> { }))
                .hasMessage("GPIO not available on this machine: test");
        try (GpioInput in = gpio.open(4, Pull.UP, (h, t) -> { })) {
            assertThat(builds[0]).isEqualTo(2);
        }
    }

    /** This machine is no Pi (CI, a laptop): the production GPIO says so instead of crashing. */
    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void productionGpioOnX86IsUnavailableWithAClearError() {
        assertThatThrownBy(() -> Pi4jGpio.production().open(17, Pull.UP, (h, t) -> { }))
                .isInstanceOf(GpioUnavailableException.class)
                .hasMessageStartingWith("GPIO not available on this machine: ")
                .hasMessageContaining("os.arch=");
    }
}
