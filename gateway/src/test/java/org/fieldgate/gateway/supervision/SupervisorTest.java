package org.fieldgate.gateway.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The supervisor on a hand clock: no test here waits for wall-clock time to pass. */
class SupervisorTest {

    private final HandClock clock = new HandClock();
    private final Supervisor supervisor = clock.supervisor();

    private PartStatus part(String name) {
        return supervisor.parts().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aLoopThatThrowsIsRestartedWithBackoffDoublingFromOneSecondToSixty() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        RunningLoop loop = supervisor.start("uplink", () -> {
            if (runs.incrementAndGet() <= 8) {
                throw new IllegalStateException("boom " + runs.get());
            }
            // the 9th life returns: its owner stopped it
        });
        assertThat(loop.join(5_000)).isTrue();
        assertThat(runs).hasValue(9);
        assertThat(clock.waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
        PartStatus s = part("uplink");
        assertThat(s.state()).isEqualTo(PartState.RUNNING);
        assertThat(s.restarts()).isEqualTo(8);
        assertThat(s.lastError()).isEqualTo("IllegalStateException: boom 8");
        assertThat(supervisor.deadPart()).isNull();
    }

    @Test
    void anErrorIsCaughtLikeAnyFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        RunningLoop loop = supervisor.start("status-http", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("an Error, not a RuntimeException");
            }
        });
        assertThat(loop.join(5_000)).isTrue();
        assertThat(runs).hasValue(2);
        assertThat(part("status-http").restarts()).isEqualTo(1);
    }

    @Test
    void moreThanTenFailuresWithinTenMinutesMakeALoopDead() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        RunningLoop loop = supervisor.start("uplink", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        });
        assertThat(loop.join(5_000)).isTrue();
        // failures at 0, 1, 3, 7, 15, 31, 63, 123, 183, 243, 303 s: the 11th within 10 minutes
        assertThat(runs).hasValue(11);
        assertThat(part("uplink").state()).isEqualTo(PartState.DEAD);
        assertThat(supervisor.deadPart()).isEqualTo("uplink");
        assertThat(supervisor.death()).isCompletedWithValue("uplink");
    }

    @Test
    void failuresSpreadOverMoreThanTenMinutesNeverKill() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        RunningLoop loop = supervisor.start("uplink", () -> {
            if (runs.incrementAndGet() > 30) {
                return;
            }
            clock.advance(Duration.ofMinutes(2)); // up two minutes, then fails
            throw new IllegalStateException("link");
        });
        assertThat(loop.join(5_000)).isTrue();
        assertThat(runs).hasValue(31);
        assertThat(part("uplink").state()).isEqualTo(PartState.RUNNING);
        assertThat(supervisor.deadPart()).isNull();
    }

    @Test
    void anOutOfMemoryErrorIsFatalAtOnce() throws Exception {
        RunningLoop loop = supervisor.start("uplink", () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertThat(loop.join(5_000)).isTrue();
        assertThat(clock.waits).as("no restart").isEmpty();
        assertThat(part("uplink").state()).isEqualTo(PartState.DEAD);
        assertThat(part("uplink").lastError()).isEqualTo("OutOfMemoryError: Java heap space");
    }

    @Test
    void aStoppedLoopWaitingForItsRestartEndsAtOnce() throws Exception {
        Supervisor wallClock = Supervisor.system();
        AtomicInteger runs = new AtomicInteger();
        RunningLoop loop = wallClock.start("uplink", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("fails");
        });
        while (runs.get() == 0) {
            Thread.onSpinWait();
        }
        loop.stopRestarts(); // it waits 1 s for its restart now, or is about to
        assertThat(loop.join(800)).as("ended without waiting out the backoff").isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aWatchedPartThatIsNotAliveIsRestartedAfterTheBackoff() {
        AtomicBoolean alive = new AtomicBoolean(true);
        AtomicInteger restarts = new AtomicInteger();
        supervisor.watch("driver-wl1", alive::get, "thread ended", () -> {
            restarts.incrementAndGet();
            alive.set(true);
        });
        supervisor.check();
        assertThat(part("driver-wl1").state()).isEqualTo(PartState.RUNNING);

        alive.set(false);
        supervisor.check();
        assertThat(part("driver-wl1").state()).isEqualTo(PartState.RESTARTING);
        assertThat(part("driver-wl1").lastError()).isEqualTo("thread ended");
        clock.advance(Duration.ofMillis(999));
        supervisor.check();
        assertThat(restarts).as("not before 1 s").hasValue(0);
        clock.advance(Duration.ofMillis(1));
        supervisor.check();
        assertThat(restarts).hasValue(1);
        assertThat(part("driver-wl1").state()).isEqualTo(PartState.RUNNING);
        assertThat(part("driver-wl1").restarts()).isEqualTo(1);

        alive.set(false);
        supervisor.check();
        clock.advance(Duration.ofMillis(1999));
        supervisor.check();
        assertThat(restarts).as("second failure waits 2 s").hasValue(1);
        clock.advance(Duration.ofMillis(1));
        supervisor.check();
        assertThat(restarts).hasValue(2);
    }

    @Test
    void aWatchedPartWhoseRestartKeepsFailingIsDeadAfterElevenFailures() {
        AtomicInteger attempts = new AtomicInteger();
        supervisor.watch("driver-wl1", () -> false, "thread ended", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("no such port");
        });
        for (int i = 0; i < 1_000 && supervisor.deadPart() == null; i++) {
            supervisor.check();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(supervisor.deadPart()).isEqualTo("driver-wl1");
        assertThat(attempts).as("ten restarts tried").hasValue(10);
        assertThat(part("driver-wl1").lastError()).isEqualTo("IllegalStateException: no such port");
    }

    @Test
    void aWatchedPartWithoutRestartIsDeadAtOnce() {
        AtomicBoolean alive = new AtomicBoolean(true);
        supervisor.watch("broker", alive::get, "stopped", null);
        supervisor.check();
        assertThat(supervisor.deadPart()).isNull();
        alive.set(false);
        supervisor.check();
        assertThat(supervisor.deadPart()).isEqualTo("broker");
        assertThat(part("broker").state()).isEqualTo(PartState.DEAD);
        assertThat(part("broker").lastError()).isEqualTo("stopped");
    }

    @Test
    void aScheduledPartFailingForAMinuteIsDeadAndOneThatRecoversIsNot() {
        Pulse flusher = supervisor.pulse("pipeline-flush");
        flusher.failed(new AssertionError("disk"));
        assertThat(part("pipeline-flush").state()).isEqualTo(PartState.RESTARTING);
        assertThat(part("pipeline-flush").lastError()).isEqualTo("AssertionError: disk");
        for (int s = 1; s < 60; s++) {
            clock.advance(Duration.ofSeconds(1));
            flusher.failed(new AssertionError("disk"));
            supervisor.check();
        }
        assertThat(supervisor.deadPart()).as("59 s of failures").isNull();
        flusher.ok();
        assertThat(part("pipeline-flush").state()).isEqualTo(PartState.RUNNING);
        for (int s = 0; s <= 60; s++) {
            clock.advance(Duration.ofSeconds(1));
            flusher.failed(new IllegalStateException("again"));
            supervisor.check();
        }
        assertThat(supervisor.deadPart()).as("failing since 60 s").isEqualTo("pipeline-flush");
        assertThat(part("pipeline-flush").restarts()).as("failed ticks").isEqualTo(121);
    }

    @Test
    void aHungScheduledPartShowsAfterFiveSecondsAndIsDeadAfterAMinute() {
        Pulse outputs = supervisor.pulse("outputs");
        outputs.ok();
        clock.advance(Duration.ofSeconds(4));
        supervisor.check();
        assertThat(part("outputs").state()).isEqualTo(PartState.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertThat(part("outputs").state()).as("5 s without a tick").isEqualTo(PartState.RESTARTING);
        assertThat(part("outputs").lastError()).isEqualTo("no tick for 5 s (hung?)");
        clock.advance(Duration.ofSeconds(54));
        supervisor.check();
        assertThat(supervisor.deadPart()).isNull();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertThat(supervisor.deadPart()).isEqualTo("outputs");
    }

    @Test
    void anOutOfMemoryErrorInAScheduledPartIsFatal() {
        Pulse flusher = supervisor.pulse("pipeline-flush");
        flusher.failed(new OutOfMemoryError("Java heap space"));
        assertThat(supervisor.deadPart()).isEqualTo("pipeline-flush");
    }

    @Test
    void closingStopsTheChecksSoThatAStopIsNotADeath() {
        supervisor.pulse("outputs");
        supervisor.watch("broker", () -> false, "stopped", null);
        supervisor.close();
        clock.advance(Duration.ofMinutes(5));
        supervisor.check();
        assertThat(supervisor.deadPart()).isNull();
    }

    @Test
    void errorTextsKeepNoUserInfoNoControlCharactersAndStayShort() {
        assertThat(ErrorText.of(new IllegalStateException("tcp://gw:s3cret@broker:1883 refused\n\u001b[31mx")))
                .isEqualTo("IllegalStateException: tcp://broker:1883 refused [31mx");
        assertThat(ErrorText.of(new RuntimeException("x".repeat(500)))).hasSize(ErrorText.MAX_CHARS);
        assertThat(ErrorText.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(List.of(ErrorText.of("a\tb"))).containsExactly("a b");
    }
}
