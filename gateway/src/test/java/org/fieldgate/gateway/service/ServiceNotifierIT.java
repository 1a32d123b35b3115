package org.fieldgate.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.fieldgate.gateway.supervision.Pulse;
import org.fieldgate.gateway.supervision.Supervisor;
import org.fieldgate.gateway.testing.NotifySocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sd_notify protocol over a real Unix datagram socket (bound by socat), driven by a real
 * {@link Supervisor} on a test clock: pings while the pipeline ticks, none while it is stalled.
 */
class ServiceNotifierIT {

    @TempDir
    Path dir;

    @Test
    void readyThenWatchdogPingsOnlyWhileThePipelineTicksStatusOnChangeAndStopping() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Supervisor supervisor = new Supervisor(nanos::get, n -> Thread.sleep(n / 1_000_000));
        Pulse flush = supervisor.pulse("pipeline-flush");
        AtomicReference<String> status = new AtomicReference<>("uplink connected; backlog 0 messages; no alarm");
        try (NotifySocket socket = NotifySocket.bind(dir);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET",
                     socket.path().toString(), "WATCHDOG_USEC", "200000"), supervisor::watchdogVerdict, status::get)) {
            assertThat(notifier.active()).isTrue();
            notifier.ready();
            socket.await("READY=1"::equals, Duration.ofSeconds(5));
            socket.await("STATUS=uplink connected; backlog 0 messages; no alarm"::equals, Duration.ofSeconds(5));

            // ticking: a ping every 100 ms
            long from = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                nanos.addAndGet(100_000_000L);
                flush.ok();
                Thread.sleep(100);
            }
            assertThat(socket.count("WATCHDOG=1", from)).isBetween(5L, 13L);

            // the flusher hangs: no tick for longer than the supervisor's stall limit
            nanos.addAndGet(Supervisor.STALL.toNanos() + 1);
            Thread.sleep(250); // a ping already on its way may still arrive
            long stalled = System.nanoTime();
            Thread.sleep(600);
            assertThat(socket.count("WATCHDOG=1", stalled)).as("no ping while stalled").isZero();
            assertThat(supervisor.watchdogVerdict()).startsWith("pipeline-flush has not ticked for");

            // it ticks again, the status changes
            flush.ok();
            status.set("uplink DOWN; backlog 12 messages, oldest 30 s; alarm flood BD1");
            long again = System.nanoTime();
            socket.await(l -> l.startsWith("STATUS=uplink DOWN"), Duration.ofSeconds(5));
            Thread.sleep(300);
            assertThat(socket.count("WATCHDOG=1", again)).isPositive();

            notifier.stopping();
            socket.await("STOPPING=1"::equals, Duration.ofSeconds(5));
        } finally {
            supervisor.close();
        }
    }

    @Test
    void withoutNotifySocketNothingHappens() {
        ServiceNotifier none = ServiceNotifier.fromEnvironment(Map.of(), () -> null, () -> "x");
        assertThat(none.active()).isFalse();
        none.ready();
        none.stopping();
        none.close();
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotPinged() throws Exception {
        try (NotifySocket socket = NotifySocket.bind(dir);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET",
                     socket.path().toString(), "WATCHDOG_USEC", "100000", "WATCHDOG_PID", "1"), () -> null,
                     () -> "ok")) {
            notifier.ready();
            socket.await("READY=1"::equals, Duration.ofSeconds(5));
            Thread.sleep(500);
            assertThat(socket.lines()).extracting(NotifySocket.Line::text).doesNotContain("WATCHDOG=1");
        }
    }
}
