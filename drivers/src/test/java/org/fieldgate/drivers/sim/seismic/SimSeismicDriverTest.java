package org.fieldgate.drivers.sim.seismic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimSeismicDriverTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private SimSeismicDriver driver;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private SimSeismicDriver driver(String id) {
        DriverContext context = new DriverContext(id, Duration.ofSeconds(1), Clock.fixed(START, ZoneOffset.UTC), null);
        return new SimSeismicDriver(context, SimSeismicFactory.simulation(SimSeismicConfig.defaults()), nanos::get);
    }

    @Test
    void emitsTheSamplesThatFellDueAsContiguousBlocksAndCatchesUpWithoutSkipping() {
        driver = driver("seis9");
        Collecting sink = new Collecting();
        driver.start(sink);
        assertThat(driver.state()).isEqualTo(SensorState.STARTING);

        nanos.addAndGet(250_000_000L);                 // 0.25 s: 25 samples at 100 Hz
        Await.until("25 samples", () -> samples(sink) == 25);
        nanos.addAndGet(2_250_000_000L);               // 2.5 s in all
        Await.until("250 samples", () -> samples(sink) == 250);
        nanos.addAndGet(7_600_000_000L);               // a stall: 10.1 s in all
        Await.until("1010 samples", () -> samples(sink) == 1010);

        long expected = START.toEpochMilli();
        for (WaveformPacket p : sink.packets) {
            assertThat(p.t0()).isEqualTo(expected);
            assertThat(p.length()).isBetween(1, 100);
            expected += p.length() * 10L;
        }
        assertThat(sink.threads).containsOnly("sim-seis9");
        assertThat(driver.state()).isEqualTo(SensorState.OK);
        assertThat(driver.counters()).containsEntry("packets", (long) sink.packets.size())
                .containsEntry("readings", 1010L);
    }

    private static long samples(Collecting sink) {
        return sink.packets.stream().mapToLong(WaveformPacket::length).sum();
    }

    @Test
    void stopsItsThreadOnClose() {
        driver = driver("seis8");
        Collecting sink = new Collecting();
        driver.start(sink);
        nanos.addAndGet(1_000_000_000L);
        Await.until("100 samples", () -> samples(sink) == 100);

        driver.close();

        assertThat(driver.state()).isEqualTo(SensorState.STOPPED);
        Await.until("the thread sim-seis8 to end",
                () -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("sim-seis8")));
        nanos.addAndGet(5_000_000_000L);
        assertThat(samples(sink)).isEqualTo(100);
    }

    @Test
    void runsOnTheRealClockByDefault() {
        DriverContext context = new DriverContext("seis7", Duration.ofSeconds(1), Clock.systemUTC(), null);
        driver = (SimSeismicDriver) new SimSeismicFactory().create(context, SimSeismicConfig.defaults());
        Collecting sink = new Collecting();

        driver.start(sink);
        Await.until("150 samples", () -> samples(sink) >= 150);

        assertThat(sink.packets.get(0).length()).as("a block of the first 0.1 s").isBetween(1, 20);
    }

    private static final class Collecting implements ReadingSink {
        final List<WaveformPacket> packets = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void readings(List<Reading> readings) {
            throw new AssertionError("seismic simulator sent scalar readings");
        }

        @Override
        public void waveform(WaveformPacket packet) {
            threads.add(Thread.currentThread().getName());
            packets.add(packet);
        }
    }
}
