package org.fieldgate.gateway.service;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks systemd's sd_notify protocol for a {@code Type=notify} unit, so the service manager knows
 * what the gateway is doing:
 * <ul>
 *   <li>{@code READY=1} once the gateway has started (store open, sensors started, status up);</li>
 *   <li>{@code WATCHDOG=1} every half {@code WATCHDOG_USEC} while {@code verdict} says the gateway
 *       is healthy, and not while it names a reason: a hung gateway is then restarted by systemd
 *       after {@code WatchdogSec};</li>
 *   <li>{@code STATUS=…} (uplink, backlog, alarms: what {@code systemctl status} shows) whenever
 *       it changes;</li>
 *   <li>{@code STOPPING=1} when a stop begins.</li>
 * </ul>
 * Without {@code NOTIFY_SOCKET} (not started by systemd) it does nothing. A failed send is logged
 * once, never thrown: the service manager going away must not stop the gateway.
 */
public final class ServiceNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);
    /** The ping period when systemd asks for no watchdog: STATUS still follows the gateway. */
    static final long STATUS_EVERY_MS = 5_000;

    private final SdNotifySocket socket;
    private final long periodMs;
    private final boolean watchdog;
    private final Supplier<String> verdict;
    private final Supplier<String> status;
    private ScheduledExecutorService timer; // guarded by this
    private String lastStatus; // on the timer thread, and at ready
    private String withheld; // the reason the last ping was withheld, on the timer thread
    private boolean sendFailed;

    private ServiceNotifier(SdNotifySocket socket, long watchdogUsec, Supplier<String> verdict,
                            Supplier<String> status) {
        this.socket = socket;
        this.watchdog = watchdogUsec > 0;
        this.periodMs = watchdog ? Math.max(50, watchdogUsec / 2_000) : STATUS_EVERY_MS;
        this.verdict = verdict;
        this.status = status;
    }

    /**
     * The notifier the environment asks for: none (a no-op) without {@code NOTIFY_SOCKET}; pinging the
     * watchdog when {@code WATCHDOG_USEC} is set and {@code WATCHDOG_PID}, when set, is this process.
     *
     * @param verdict null while the gateway is healthy, else why it is not
     * @param status  one line on the gateway's state for {@code STATUS=}
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> env, Supplier<String> verdict,
                                                  Supplier<String> status) {
        SdNotifySocket socket = SdNotifySocket.fromEnvironment(env);
        long usec = 0;
        String pid = env.get("WATCHDOG_PID");
        if (env.get("WATCHDOG_USEC") != null
                && (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                usec = Long.parseLong(env.get("WATCHDOG_USEC").trim());
            } catch (NumberFormatException e) {
                LOG.warn("WATCHDOG_USEC is not a number ({}): no watchdog pings", env.get("WATCHDOG_USEC"));
            }
        }
        if (socket != null) {
            LOG.info("service manager: notifying {}{}", socket.path(),
                    usec > 0 ? ", watchdog ping every " + usec / 2_000 + " ms while healthy" : "");
        }
        return new ServiceNotifier(socket, usec, verdict, status);
    }

    /** True when a service manager listens (the unit is {@code Type=notify}). */
    public boolean active() {
        return socket != null;
    }

    /** {@code READY=1} with the first status, then pings and status updates until {@link #close()}. */
    public synchronized void ready() {
        if (socket == null || timer != null) {
            return;
        }
        lastStatus = status.get();
        send("READY=1\nSTATUS=" + lastStatus + (watchdog ? "\nWATCHDOG=1" : ""));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sd-notify");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** One period: a watchdog ping while healthy, the status when it changed. */
    void tick() {
        try {
            StringBuilder message = new StringBuilder();
            String now = status.get();
            if (!now.equals(lastStatus)) {
                message.append("STATUS=").append(now).append('\n');
                lastStatus = now;
            }
            if (watchdog) {
                String wrong = verdict.get();
                if (wrong == null) {
                    message.append("WATCHDOG=1\n");
                    if (withheld != null) {
                        LOG.warn("service manager: watchdog pings again ({} is over)", withheld);
                    }
                } else if (!wrong.equals(withheld)) {
                    LOG.error("service manager: withholding the watchdog ping: {} (systemd restarts the gateway"
                            + " if this lasts WatchdogSec)", wrong);
                }
                withheld = wrong;
            }
            if (message.length() > 0) {
                send(message.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("service manager: notification tick failed", e); // the next tick tries again
        }
    }

    /** {@code STOPPING=1}: a stop begins (pings end, so a stop that hangs is ended by systemd). */
    public void stopping() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        if (socket != null) {
            send("STOPPING=1\nSTATUS=stopping");
        }
    }

    private void send(String message) {
        try {
            socket.send(message);
            if (sendFailed) {
                LOG.info("service manager: notifications reach {} again", socket.path());
                sendFailed = false;
            }
        } catch (RuntimeException e) {
            if (!sendFailed) {
                LOG.warn("service manager: cannot notify {}: {}", socket.path(), e.getMessage());
            }
            sendFailed = true;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
            }
        }
        if (socket != null) {
            socket.close();
        }
    }
}
