package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared lifecycle of byte-link drivers, over scripted in-memory links. */
class LinkDriverTest {

    private final ScriptedLinks links = new ScriptedLinks();
    private final List<Reading> received = new CopyOnWriteArrayList<>();
    private final ReadingSink sink = new ReadingSink() {
        @Override
        public void readings(List<Reading> readings) {
            received.addAll(readings);
        }

        @Override
        public void waveform(WaveformPacket packet) {
        }
    };
    private ByteDriver driver;

    /**
     * A toy protocol: every byte is one frame giving channel {@code v} (range 0..100) its value;
     * byte 0xFF is a bug in the decoder (throws).
     */
    private static final class ByteDriver extends LinkDriver {
        ByteDriver(String id, ScriptedLinks links) {
            super(new DriverContext(id, Duration.ofMillis(100), Clock.systemUTC(), Path.of("unused")),
                    List.of(ChannelSpec.scalar("v", "u", 0, 100)), links);
        }

        @Override
        protected Duration silentAfter() {
            return Duration.ofMillis(300);
        }

        @Override
        protected void session(ByteLink link) throws IOException {
            byte[] buf = new byte[64];
            while (running()) {
                int n = link.read(buf, 50);
                count(BYTES, n);
                for (int i = 0; i < n; i++) {
                    if (buf[i] == (byte) 0xFF) {
                        throw new IllegalStateException("decoder bug");
                    }
                    count(FRAMES);
                    emit(List.of(new Reading("v", now(), buf[i] & 0xFF, Quality.OK)));
                }
            }
        }
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private ByteDriver start(String id) {
        driver = new ByteDriver(id, links);
        driver.start(sink);
        return driver;
    }

    private static boolean threadAlive(String sensorId) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("driver-" + sensorId) && t.isAlive());
    }

    @Test
    void anErrorThatEndsTheReadingThreadShowsThroughAlive() {
        ByteDriver d = new ByteDriver("killed", links);
        driver = d;
        assertThat(d.alive()).as("not started").isTrue();
        links.deliver(new byte[] {5});
        d.start(new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
                throw new AssertionError("an Error from the sink ends the thread");
            }

            @Override
            public void waveform(WaveformPacket packet) {
            }
        });
        Await.until("the reading thread ended", () -> !threadAlive("killed"));
        assertThat(d.alive()).isFalse();
        d.close();
        assertThat(d.alive()).as("closed: nothing to restart").isTrue();
    }

    @Test
    void goesFromStartingToOkToSilentToFaultAndBackToOk() {
        ByteDriver d2 = new ByteDriver("life", links);
        driver = d2;
        assertThat(d2.state()).isEqualTo(SensorState.STARTING);
        ScriptedLinks fresh = links;
        fresh.deliver(new byte[] {5});
        d2.start(sink);
        Await.until("ok", () -> d2.state() == SensorState.OK, d2::state);
        assertThat(received).extracting(Reading::value).containsExactly(5.0);

        Await.until("silent (no valid reading for a while)", () -> d2.state() == SensorState.SILENT, d2::state);

        fresh.failOpens("fake: no such device");
        fresh.breakWith(new IOException("fake: device vanished"));
        Await.until("fault while the link cannot be opened", () -> d2.state() == SensorState.FAULT, d2::state);
        Await.until("a failed reopen", () -> fresh.openAttempts() >= 2);
        assertThat(d2.lastError()).isIn("fake: device vanished", "fake: no such device");
        assertThat(d2.everOpened()).isTrue();

        fresh.failOpens(null);
        fresh.deliver(new byte[] {7});
        Await.until("ok again after the reopen", () -> d2.state() == SensorState.OK, d2::state);
        assertThat(fresh.opens()).isEqualTo(2);
        assertThat(d2.counters()).containsEntry("reconnects", (long) fresh.openAttempts() - 1)
                .containsEntry("frames", 2L).containsEntry("bytes", 2L);
        assertThat(received).extracting(Reading::value).containsExactly(5.0, 7.0);
    }

    @Test
    void aLinkThatCannotBeOpenedIsAFaultFromTheFirstAttemptAndBacksOff() throws InterruptedException {
        links.failOpens("fake: /dev/ttyUSB9: no such device");
        ByteDriver d = start("absent");

        Await.until("fault", () -> d.state() == SensorState.FAULT, d::state);
        assertThat(d.lastError()).isEqualTo("fake: /dev/ttyUSB9: no such device");
        assertThat(d.everOpened()).isFalse();
        Thread.sleep(2_000);
        // backoff 1 s, 2 s, 4 s …: a spinning loop would have tried thousands of times
        assertThat(links.openAttempts()).isBetween(1, 4);
        assertThat(d.counters().get("reconnects")).isBetween(0L, 3L);
    }

    @Test
    void aLinkThatBreaksAtOnceIsNotReopenedInATightLoop() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            links.breakWith(new IOException("fake: connection reset"));
        }
        ByteDriver d = start("flappy");

        Await.until("first break", () -> "fake: connection reset".equals(d.lastError()));
        Thread.sleep(2_000);
        assertThat(links.opens()).isBetween(1, 4);
        assertThat(d.state()).isEqualTo(SensorState.FAULT);
    }

    @Test
    void aBugInTheSessionDoesNotKillTheThread() {
        links.deliver((byte) 0xFF).deliver((byte) 42);
        ByteDriver d = start("buggy");

        Await.until("a reading after the crash", () -> !received.isEmpty(), d::state);
        assertThat(received).extracting(Reading::value).containsExactly(42.0);
        assertThat(d.lastError()).contains("IllegalStateException").contains("decoder bug");
        assertThat(links.opens()).isEqualTo(2);
        assertThat(d.counters()).containsEntry("reconnects", 1L);
        assertThat(threadAlive("buggy")).isTrue();
    }

    @Test
    void closeStopsTheThreadDuringABlockedRead() {
        links.blockRead();
        ByteDriver d = start("blocked");
        Await.until("the link to open", () -> links.opens() == 1);

        d.close();

        assertThat(threadAlive("blocked")).as("the reader thread has ended").isFalse();
        assertThat(d.state()).isEqualTo(SensorState.STOPPED);
        d.close(); // idempotent
    }

    @Test
    void closeStopsTheThreadDuringBackoff() {
        links.failOpens("fake: busy");
        ByteDriver d = start("backoff");
        Await.until("fault", () -> d.state() == SensorState.FAULT);

        d.close();

        assertThat(threadAlive("backoff")).isFalse();
        assertThat(links.openAttempts()).isEqualTo(1);
    }

    @Test
    void emitMarksReadingsOutsideTheChannelRangeSuspect() {
        links.deliver((byte) 50, (byte) 200, (byte) 0, (byte) 100);
        ByteDriver d = start("range");

        Await.until("four readings", () -> received.size() == 4);
        assertThat(received).extracting(Reading::value, Reading::quality).containsExactly(
                org.assertj.core.groups.Tuple.tuple(50.0, Quality.OK),
                org.assertj.core.groups.Tuple.tuple(200.0, Quality.SUSPECT),
                org.assertj.core.groups.Tuple.tuple(0.0, Quality.OK),
                org.assertj.core.groups.Tuple.tuple(100.0, Quality.OK));
        assertThat(d.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void aSinkThatThrowsDoesNotBreakTheLink() {
        List<Reading> kept = new CopyOnWriteArrayList<>();
        driver = new ByteDriver("full", links);
        driver.start(new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
                if (readings.get(0).value() == 1) {
                    throw new IllegalStateException("store full");
                }
                kept.addAll(readings);
            }

            @Override
            public void waveform(WaveformPacket packet) {
            }
        });
        links.deliver((byte) 1).deliver((byte) 2);

        Await.until("the reading after the rejected one", () -> !kept.isEmpty());
        assertThat(kept).extracting(Reading::value).containsExactly(2.0);
        assertThat(links.opens()).as("the port stayed open").isEqualTo(1);
        assertThat(driver.counters()).containsEntry("reconnects", 0L);
    }
}
