package org.fieldgate.gateway.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.gateway.commands.Outcome;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.remoteconfig.ConfigVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's life across config versions, what {@code fieldgate run} does: runs the config in
 * force ({@link ConfigVersions}), and when a {@code config} command asks for another version stops
 * the gateway cleanly (every reading delivered is committed; the store, its seq and the alarm states
 * stay on disk), starts it on the new version and watches it through probation: the uplink must
 * connect, and every sensor that was {@code ok} before must be {@code ok} again. Then the version
 * stays ({@code done}), or the gateway goes back to the previous one ({@code rolled_back}, with the
 * reason). A probation that this process did not start (the gateway crashed, was killed or lost
 * power during it) is a failed one: the previous version runs.
 */
public final class GatewayLife {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLife.class);
    private static final long POLL_MS = 200;

    private final Path localFile;
    private final FieldgateConfig localConfig;
    private final String version;
    private final Pi4jGpio gpio;
    private final Clock clock = Clock.systemUTC();

    /** On the board's own GPIO. */
    public GatewayLife(Path localFile, FieldgateConfig localConfig, String version) {
        this(localFile, localConfig, version, Pi4jGpio.production());
    }

    /** @param localConfig the local file, already loaded (it names where the store and versions are) */
    public GatewayLife(Path localFile, FieldgateConfig localConfig, String version, Pi4jGpio gpio) {
        this.localFile = localFile;
        this.localConfig = localConfig;
        this.version = version;
        this.gpio = gpio;
    }

    /** The versions folder of a config: next to its store. */
    public static Path versionsDir(FieldgateConfig config) {
        return config.storage().path().toAbsolutePath().getParent().resolve("config-versions");
    }

    /**
     * A probation this process watches: the request, when it ends (by {@link System#nanoTime}, which a
     * clock step cannot move) and what was ok before the switch.
     */
    private record Watch(ConfigSwitch request, long endNanos, long until, Set<String> okBefore) {
    }

    /**
     * Runs until {@code stop}; returns the exit code of {@code fieldgate run} (0 clean stop, 1 cannot
     * start, {@link GatewayRuntime#DEAD_PART} a part died). An {@link OutOfMemoryError} that ends any
     * thread is a death too.
     */
    public int run(CountDownLatch stop) {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            LOG.error("thread {} died", t.getName(), e);
            GatewayRuntime r = current;
            if (e instanceof OutOfMemoryError && r != null) {
                r.fatal(t.getName(), e);
            }
        });
        try {
            return live(stop);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    /** The runtime running now (for the uncaught-exception handler). */
    private volatile GatewayRuntime current;

    private int live(CountDownLatch stop) {
        ConfigVersions versions = ConfigVersions.open(versionsDir(localConfig), localFile);
        Watch watch = null;
        try {
            ConfigVersions.Probation interrupted = versions.probation();
            if (interrupted != null) {
                String why = "the gateway stopped during the probation of version " + interrupted.version()
                        + " (a crash, a kill or a power cut); back on "
                        + (interrupted.previous() == 0 ? "the local file" : "version " + interrupted.previous());
                LOG.warn("config: {}", why);
                versions.rollBack(why, interrupted.commandId());
            }
        } catch (IOException e) {
            LOG.error("config versions in {} cannot be read: {}; running the local file", versions.dir(),
                    e.getMessage());
        }
        while (true) {
            ConfigVersions.Effective effective;
            try {
                effective = versions.effective();
            } catch (IOException e) {
                LOG.error("cannot read {}: {}", localFile, e.getMessage());
                return 1;
            }
            FieldgateConfig config;
            try {
                config = load(effective, versions);
            } catch (ConfigException e) {
                // a version is checked before it is written: only a driver changed by an upgrade, or an
                // edited file, does this; the local file ran before any version did
                String why = "version " + effective.identity().version() + " cannot be loaded: " + e.getMessage();
                LOG.error("config: {}; back to the local file", why);
                String owed = watch == null ? null : watch.request().commandId();
                if (!write(() -> versions.fallBackToLocal(why, owed))) {
                    return 1;
                }
                watch = null;
                continue;
            }
            if (effective.remote() || watch != null) {
                LOG.info("config: running {} version {} ({})", effective.identity().source(),
                        effective.identity().version(), effective.identity().hash());
            }
            GatewayRuntime runtime;
            try {
                runtime = GatewayRuntime.start(config, version, gpio, new GatewayRuntime.RemoteSide(
                        effective.identity(), versions, watch == null ? null : watch.until()));
            } catch (Exception e) {
                if (watch == null) {
                    // a version that ran before: perhaps a port still taken, a device not there yet; the
                    // service manager starts the gateway again, on the same version
                    LOG.error("cannot start: {}", e.getMessage(), e);
                    return 1;
                }
                String why = "version " + effective.identity().version() + " cannot start: " + e.getMessage();
                LOG.error("config: {}", why, e);
                String id = watch.request().commandId();
                if (!write(() -> versions.rollBack(why, id))) {
                    return 1;
                }
                watch = null;
                continue;
            }
            current = runtime;
            answerOwedReply(versions, runtime);
            Ending end = runUntilChange(runtime, stop, watch);
            if (end.kind == Kind.PASSED) {
                passed(versions, runtime, watch.request());
                watch = null;
                end = runUntilChange(runtime, stop, null);
            }
            switch (end.kind) {
                case STOP -> {
                    LOG.info("stopping");
                    runtime.close();
                    LOG.info("stopped cleanly");
                    return 0; // a probation still open stays in the state file: the next start rolls back
                }
                case DEAD -> {
                    return runtime.stopAfterDeath(end.detail);
                }
                case FAILED -> {
                    String why = "version " + watch.request().version() + " failed its probation: " + end.detail;
                    LOG.warn("config: {}", why);
                    runtime.close();
                    String id = watch.request().commandId();
                    if (!write(() -> versions.rollBack(why, id))) {
                        return 1;
                    }
                    watch = null;
                }
                case SWITCH -> {
                    watch = switchTo(runtime, versions, end.request);
                    if (watch == null) {
                        return 1;
                    }
                }
                default -> throw new IllegalStateException(end.kind.toString());
            }
        }
    }

    /** The config of {@code effective}: a remote version, or the local file as it is now. */
    private FieldgateConfig load(ConfigVersions.Effective effective, ConfigVersions versions) throws ConfigException {
        if (effective.remote()) {
            return ConfigLoader.loadWithWarnings(effective.file(), versions.baseDir(), DriverRegistry.load()).config();
        }
        try {
            return ConfigLoader.load(localFile, DriverRegistry.load()); // edited since the start, perhaps
        } catch (ConfigException e) {
            LOG.error("config: {} is no longer valid ({}); running it as it was at the start", localFile,
                    e.getMessage());
            return localConfig;
        }
    }

    /** Records the {@code rolled_back} reply a rollback owes (it waited in the state file). */
    private static void answerOwedReply(ConfigVersions versions, GatewayRuntime runtime) {
        try {
            ConfigVersions.Answer owed = versions.takeAnswer();
            if (owed != null && runtime.reply(owed.commandId(), "config", Outcome.rolledBack(owed.why()))) {
                versions.answered();
            }
        } catch (IOException e) {
            LOG.error("config: the state file cannot be read or written: {}", e.getMessage());
        }
    }

    /** A write of the state file; false (logged) when it failed. */
    private static boolean write(StateWrite w) {
        try {
            w.run();
            return true;
        } catch (IOException e) {
            LOG.error("config: cannot write the state of the config versions: {}", e.getMessage());
            return false;
        }
    }

    @FunctionalInterface
    private interface StateWrite {
        void run() throws IOException;
    }

    /** The version on probation proved itself: it stays, and its command is answered {@code done}. */
    private static void passed(ConfigVersions versions, GatewayRuntime runtime, ConfigSwitch request) {
        try {
            versions.commit();
        } catch (IOException e) {
            // the state still says probation: the next start goes back to the version before
            LOG.error("config: cannot record that version {} passed: {}", request.version(), e.getMessage());
            runtime.reply(request.commandId(), "config", Outcome.failed("version " + request.version()
                    + " passed its probation but that cannot be recorded (" + e.getMessage()
                    + "): it runs until the next restart, which goes back to the version before"));
            runtime.probationOver();
            return;
        }
        runtime.probationOver();
        LOG.info("config: version {} passed its probation and stays", request.version());
        runtime.reply(request.commandId(), "config", Outcome.doneText("version " + request.version()
                + " runs (probation passed)"));
    }

    /** Stops {@code runtime} and starts the probation of the requested version; null when the state cannot be written. */
    private Watch switchTo(GatewayRuntime runtime, ConfigVersions versions, ConfigSwitch request) {
        Set<String> okBefore = new TreeSet<>();
        runtime.sensorStates().forEach((id, state) -> {
            if (state == SensorState.OK) {
                okBefore.add(id);
            }
        });
        long endNanos = System.nanoTime() + request.probation().toNanos();
        long until = clock.millis() + request.probation().toMillis();
        LOG.info("config: switching to version {} for {} ({}); probation until {}", request.version(), request.by(),
                request.commandId(), java.time.Instant.ofEpochMilli(until));
        runtime.close();
        try {
            versions.beginProbation(request.version(), until, request.commandId());
        } catch (IOException e) {
            LOG.error("config: cannot record the switch to version {}: {}", request.version(), e.getMessage());
            return null;
        }
        return new Watch(request, endNanos, until, okBefore);
    }

    private enum Kind { STOP, DEAD, SWITCH, PASSED, FAILED }

    private record Ending(Kind kind, String detail, ConfigSwitch request) {
    }

    /** Waits for a stop, a death, a switch request, or the end of the probation being watched. */
    private Ending runUntilChange(GatewayRuntime runtime, CountDownLatch stop, Watch watch) {
        Set<String> back = new TreeSet<>();
        boolean connected = false;
        try {
            while (!stop.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                if (runtime.death().isDone()) {
                    return new Ending(Kind.DEAD, runtime.death().join(), null);
                }
                if (watch == null) {
                    if (runtime.switches().isDone()) {
                        return new Ending(Kind.SWITCH, null, runtime.switches().join());
                    }
                    continue;
                }
                connected |= runtime.uplinkConnected();
                for (Map.Entry<String, SensorState> e : runtime.sensorStates().entrySet()) {
                    if (e.getValue() == SensorState.OK) {
                        back.add(e.getKey());
                    }
                }
                if (System.nanoTime() - watch.endNanos() >= 0) {
                    Set<String> missing = new TreeSet<>(watch.okBefore());
                    missing.retainAll(runtime.sensorStates().keySet()); // a sensor the new version removed is no failure
                    missing.removeAll(back);
                    if (!connected) {
                        return new Ending(Kind.FAILED, "the uplink did not connect", null);
                    }
                    if (!missing.isEmpty()) {
                        return new Ending(Kind.FAILED, "sensor(s) " + String.join(", ", missing)
                                + " were ok before and did not come back ok", null);
                    }
                    return new Ending(Kind.PASSED, null, null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Ending(Kind.STOP, null, null);
    }
}
