package org.fieldgate.drivers.raingauge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.MockGpio.levels;
import static org.fieldgate.drivers.testing.MockGpio.pause;

import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

/** The rain gauge over the pi4j mock provider: edges in, readings and a kept total out. */
class RainGaugeDriverTest {

    private static final int PIN = 17;
    /** Long enough that a back-to-back burst of mock edges always falls inside it. */
    private static final String DEBOUNCE = "200ms";

    @TempDir
    Path stateDir;

    private final MockGpio mock = new MockGpio();
    private RainGaugeDriver driver;

    @AfterEach
    void shutdown() {
        if (driver != null) {
            driver.close();
        }
        mock.close();
    }

    private RainGaugeDriver start(GpioInputs gpio, Duration every, Readings sink) {
        RainGaugeConfig config = new RainGaugeConfig(new GpioSettings(PIN, "up", "falling", DEBOUNCE), 0.2);
        DriverContext context = new DriverContext("rg1", every, Clock.systemUTC(), stateDir);
        driver = new RainGaugeDriver(context, gpio, config, Duration.ofMillis(100));
        driver.start(sink);
        return driver;
    }

    /** Opens the gauge's pin, lets it idle high (pull-up, reed open) and quiet for the debounce. */
    private MockDigitalInput idlePin() {
        MockDigitalInput pin = mock.pin(PIN);
        levels(pin, true);
        pause(300);
        return pin;
    }

    /** One tip of a bouncing reed: closes, bounces open and closed again, then opens. */
    private static void bouncingTip(MockDigitalInput pin) {
        levels(pin, false, true, false, true);
        pause(300);
    }

    @Test
    void burstsOfBouncesCountOneTipEachAndRainIsTipsTimesMmPerTip() {
        Readings sink = new Readings();
        RainGaugeDriver d = start(mock.inputs(), Duration.ofMillis(250), sink);
        MockDigitalInput pin = idlePin();

        bouncingTip(pin);
        bouncingTip(pin);
        bouncingTip(pin);

        assertThat(d.counters()).containsEntry("tips", 3L).containsEntry("bounces", 3L);
        Await.until("0.6 mm in total", () -> lastTotal(sink) == 0.6);
        assertThat(sink.values("rain_mm").stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.state()).isEqualTo(SensorState.OK);
        // intensity is there whenever rain is, and only then
        List<Double> rain = sink.values("rain_mm");
        List<Double> intensity = sink.values("rain_mm_h");
        for (int i = 0; i < Math.min(rain.size(), intensity.size()); i++) {
            assertThat(intensity.get(i) > 0).isEqualTo(rain.get(i) > 0);
        }
    }

    @Test
    void theRunningTotalSurvivesARestartWithTheSameStateDir() throws Exception {
        Readings first = new Readings();
        RainGaugeDriver d = start(mock.inputs(), Duration.ofMillis(200), first);
        MockDigitalInput pin = idlePin();
        bouncingTip(pin);
        bouncingTip(pin);
        Await.until("the total of the first run", () -> lastTotal(first) == 0.4);
        d.close();
        assertThat(mock.isOpen(PIN)).isFalse();

        Readings second = new Readings();
        start(mock.inputs(), Duration.ofMillis(200), second);
        pin = idlePin();
        Await.until("a reading after the restart", () -> !second.values("rain_total_mm").isEmpty());
        assertThat(second.values("rain_total_mm").get(0)).isEqualTo(0.4);

        bouncingTip(pin);
        Await.until("the total runs on", () -> lastTotal(second) == 0.6);
        assertThat(Files.readString(stateDir.resolve(RainTotalFile.NAME))).contains("rain_total_mm=0.6");
    }

    @Test
    void tipsOfAnUnfinishedIntervalAreKeptWhenTheDriverCloses() {
        Readings sink = new Readings();
        RainGaugeDriver d = start(mock.inputs(), Duration.ofHours(1), sink);
        bouncingTip(idlePin());
        Await.until("the tip", () -> d.counters().get("tips") == 1L);
        d.close();

        assertThat(sink.values("rain_mm")).containsExactly(0.2);
        assertThat(new RainTotalFile("rg1", stateDir).load()).isEqualTo(0.2);
    }

    @Test
    void aCorruptStateFileStartsTheTotalFromZeroWithoutCrashing() throws Exception {
        Files.writeString(stateDir.resolve(RainTotalFile.NAME), "\u0000\u0013 not a total", StandardCharsets.UTF_8);
        Readings sink = new Readings();
        RainGaugeDriver d = start(mock.inputs(), Duration.ofMillis(200), sink);

        bouncingTip(idlePin());

        Await.until("a fresh total", () -> lastTotal(sink) == 0.2);
        assertThat(d.state()).isEqualTo(SensorState.OK);
        assertThat(stateDir.resolve(RainTotalFile.NAME + ".corrupt")).exists();
    }

    @Test
    void aPinThatCannotBeOpenedIsAFaultUntilItCanAndNothingIsReported() {
        AtomicInteger attempts = new AtomicInteger();
        GpioInputs flaky = new GpioInputs() {
            @Override
            public org.fieldgate.drivers.io.gpio.GpioInput open(int pin, org.fieldgate.drivers.io.gpio.Pull pull,
                    org.fieldgate.drivers.io.gpio.EdgeListener l) throws GpioUnavailableException {
                if (attempts.incrementAndGet() <= 3) {
                    throw new GpioUnavailableException("GPIO not available on this machine: test");
                }
                return mock.inputs().open(pin, pull, l);
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        Readings sink = new Readings();
        RainGaugeDriver d = start(flaky, Duration.ofMillis(100), sink);

        Await.until("fault", () -> d.state() == SensorState.FAULT);
        assertThat(d.lastError()).isEqualTo("GPIO not available on this machine: test");
        assertThat(sink.all()).isEmpty();

        Await.until("open after the retries", () -> d.state() == SensorState.OK);
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(mock.isOpen(PIN)).isTrue();
        Await.until("readings", () -> !sink.values("rain_mm").isEmpty());
    }

    @Test
    void noGpioAtAllLeavesTheSensorInFaultAndClosesCleanly() {
        GpioInputs none = new GpioInputs() {
            @Override
            public org.fieldgate.drivers.io.gpio.GpioInput open(int pin, org.fieldgate.drivers.io.gpio.Pull pull,
                    org.fieldgate.drivers.io.gpio.EdgeListener l) {
                throw new IllegalStateException("library bug");
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        RainGaugeDriver d = start(none, Duration.ofMillis(100), new Readings());
        Await.until("fault", () -> d.state() == SensorState.FAULT);
        d.close();
        assertThat(d.state()).isEqualTo(SensorState.STOPPED);
    }

    private static double lastTotal(Readings sink) {
        List<Double> t = sink.values("rain_total_mm");
        return t.isEmpty() ? -1 : t.get(t.size() - 1);
    }
}
