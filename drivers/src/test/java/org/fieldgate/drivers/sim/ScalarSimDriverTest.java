package org.fieldgate.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.sim.airquality.SimAirQualityConfig;
import org.fieldgate.drivers.sim.airquality.SimAirQualityFactory;
import org.fieldgate.drivers.sim.waterlevel.SimWaterLevelConfig;
import org.fieldgate.drivers.sim.waterlevel.SimWaterLevelFactory;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScalarSimDriverTest {

    private static final Instant T0 = Instant.parse("2026-01-01T05:00:00Z");
    private final Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
    private Driver driver;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void emitsStampedReadingsOnItsOwnThreadAndStopsOnClose() {
        driver = new SimWaterLevelFactory().create(
                new DriverContext("wl9", Duration.ofMillis(50), fixed, null), SimWaterLevelConfig.defaults());
        Collecting sink = new Collecting();
        assertThat(driver.state()).isEqualTo(SensorState.STARTING);

        driver.start(sink);
        Await.until("10 readings", () -> sink.readings.size() >= 10);

        assertThat(driver.state()).isEqualTo(SensorState.OK);
        assertThat(sink.threads).containsOnly("sim-wl9");
        assertThat(sink.readings).allSatisfy(r -> assertThat(r.time()).isEqualTo(T0.toEpochMilli()));
        assertThat(sink.readings).extracting(Reading::channel).contains("stage_m", "distance_m");
        assertThat(driver.counters().get("readings")).isGreaterThanOrEqualTo(10L);

        driver.close();

        assertThat(driver.state()).isEqualTo(SensorState.STOPPED);
        Await.until("the thread sim-wl9 to end", () -> !threadAlive("sim-wl9"));
        int seen = sink.readings.size();
        assertThat(driver.counters().get("readings")).isEqualTo(seen);
    }

    @Test
    void anErrorFromTheSinkEndsTheSimulationAndAliveSaysSo() {
        driver = new SimWaterLevelFactory().create(
                new DriverContext("wl8", Duration.ofMillis(20), fixed, null), SimWaterLevelConfig.defaults());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(driver.alive()).as("not started").isTrue();
        driver.start(new Collecting() {
            @Override
            public void readings(List<Reading> batch) {
                if (calls.incrementAndGet() == 3) {
                    throw new AssertionError("an Error, which the simulator does not catch");
                }
            }
        });
        Await.until("3 deliveries", () -> calls.get() >= 3);
        Await.until("the driver to be dead", () -> !driver.alive());
        assertThat(calls).as("the periodic task ended").hasValue(3);
        driver.close();
        assertThat(driver.alive()).isTrue();
    }

    @Test
    void emitsTheSameValuesAsTheModelWhateverTheScheduling() {
        driver = new SimAirQualityFactory().create(
                new DriverContext("aq9", Duration.ofMillis(50), fixed, null), SimAirQualityConfig.defaults());
        Collecting sink = new Collecting();
        driver.start(sink);
        Await.until("30 readings", () -> sink.readings.size() >= 30);
        driver.close();

        ScalarSimulation model = SimAirQualityFactory.simulation(SimAirQualityConfig.defaults());
        List<Reading> expected = new java.util.ArrayList<>();
        for (int k = 0; expected.size() < sink.readings.size(); k++) {
            expected.addAll(model.readingsAt(T0.toEpochMilli(), Duration.ofMillis(50L * k)));
        }
        assertThat(sink.readings).isEqualTo(expected);
    }

    @Test
    void keepsRunningWhenTheSinkThrows() {
        driver = new SimWaterLevelFactory().create(
                new DriverContext("wl8", Duration.ofMillis(50), fixed, null), SimWaterLevelConfig.defaults());
        List<Integer> calls = new CopyOnWriteArrayList<>();
        driver.start(new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
                calls.add(1);
                if (calls.size() == 1) {
                    throw new IllegalStateException("store full");
                }
            }

            @Override
            public void waveform(WaveformPacket packet) {
            }
        });

        Await.until("3 deliveries", () -> calls.size() >= 3);
        assertThat(driver.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void refusesASecondStartAndClosesIdempotently() {
        driver = new SimWaterLevelFactory().create(
                new DriverContext("wl7", Duration.ofMillis(50), fixed, null), SimWaterLevelConfig.defaults());
        driver.start(new Collecting());

        assertThatThrownBy(() -> driver.start(new Collecting())).isInstanceOf(IllegalStateException.class);
        driver.close();
        driver.close();
        assertThat(driver.state()).isEqualTo(SensorState.STOPPED);
        Await.until("the thread sim-wl7 to end", () -> !threadAlive("sim-wl7"));
    }

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
    static class Collecting implements ReadingSink {
        final List<Reading> readings = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void readings(List<Reading> batch) {
            threads.add(Thread.currentThread().getName());
            readings.addAll(batch);
        }

        @Override
        public void waveform(WaveformPacket packet) {
            throw new AssertionError("scalar simulator sent a waveform");
        }
    }
}
