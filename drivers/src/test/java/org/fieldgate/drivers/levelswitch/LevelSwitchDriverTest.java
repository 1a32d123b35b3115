package org.fieldgate.drivers.levelswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.MockGpio.levels;
import static org.fieldgate.drivers.testing.MockGpio.pause;

import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.io.gpio.GpioInputs;
import org.fieldgate.drivers.io.gpio.GpioSettings;
import org.fieldgate.drivers.io.gpio.GpioUnavailableException;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.drivers.testing.MockGpio.Readings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The level switch over the pi4j mock provider. */
class LevelSwitchDriverTest {

    private static final int PIN = 23;

    @TempDir
    Path stateDir;

    private final MockGpio mock = new MockGpio();
    private LevelSwitchDriver driver;

    @AfterEach
    void shutdown() {
        if (driver != null) {
            driver.close();
        }
        mock.close();
    }

    private LevelSwitchDriver start(GpioInputs gpio, String wetWhen, Duration every, Readings sink) {
        LevelSwitchConfig config = new LevelSwitchConfig(new GpioSettings(PIN, "up", null, "300ms"), wetWhen);
        driver = new LevelSwitchDriver(new DriverContext("ls1", every, Clock.systemUTC(), stateDir), gpio, config,
                Duration.ofMillis(100));
        driver.start(sink);
        return driver;
    }

    @Test
    void aChangeIsReportedAtOnceAfterTheDebounceNotAtTheNextHeartbeat() {
        Readings sink = new Readings();
        LevelSwitchDriver d = start(mock.inputs(), "low", Duration.ofHours(1), sink);
        MockDigitalInput pin = mock.pin(PIN);
        Await.until("the level at open", () -> sink.values("wet").size() == 1);
        // the mock pin opens low: with wet_when low that is wet
        assertThat(sink.values("wet")).containsExactly(1.0);

        levels(pin, true);
        Await.until("dry", () -> sink.values("wet").size() == 2);
        assertThat(sink.values("wet")).containsExactly(1.0, 0.0);
        assertThat(d.counters()).containsEntry("changes", 1L);
        assertThat(d.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void sloshingShorterThanTheDebounceIsNoChange() {
        Readings sink = new Readings();
        LevelSwitchDriver d = start(mock.inputs(), "high", Duration.ofHours(1), sink);
        MockDigitalInput pin = mock.pin(PIN);
        Await.until("the level at open", () -> sink.values("wet").size() == 1);

        levels(pin, true, false, true, false);
        pause(800);

        assertThat(sink.values("wet")).containsExactly(0.0);
        assertThat(d.counters()).containsEntry("changes", 0L);
    }

    @Test
    void polarityFollowsWetWhen() {
        Readings sink = new Readings();
        start(mock.inputs(), "high", Duration.ofHours(1), sink);
        MockDigitalInput pin = mock.pin(PIN);
        Await.until("the level at open", () -> sink.values("wet").size() == 1);

        levels(pin, true);
        Await.until("wet", () -> sink.values("wet").size() == 2);

        assertThat(sink.values("wet")).containsExactly(0.0, 1.0);
    }

    @Test
    void theStateIsRepeatedEveryIntervalAsAHeartbeat() {
        Readings sink = new Readings();
        start(mock.inputs(), "low", Duration.ofMillis(100), sink);
        Await.until("heartbeats", () -> sink.values("wet").size() >= 4);
        List<Double> wet = sink.values("wet");
        assertThat(wet).containsOnly(1.0);
    }

    @Test
    void aPinThatCannotBeOpenedIsAFault() {
        GpioInputs none = new GpioInputs() {
            @Override
            public org.fieldgate.drivers.io.gpio.GpioInput open(int pin, org.fieldgate.drivers.io.gpio.Pull pull,
                    org.fieldgate.drivers.io.gpio.EdgeListener l) throws GpioUnavailableException {
                throw new GpioUnavailableException("GPIO not available on this machine: test");
            }

            @Override
            public String describe() {
                return "none";
            }
        };
        Readings sink = new Readings();
        LevelSwitchDriver d = start(none, "low", Duration.ofMillis(100), sink);
        Await.until("fault", () -> d.state() == SensorState.FAULT);
        pause(300);
        assertThat(sink.all()).isEmpty();
        assertThat(d.state()).isEqualTo(SensorState.FAULT);
    }
}
