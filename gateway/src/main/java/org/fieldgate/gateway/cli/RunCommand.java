package org.fieldgate.gateway.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.runtime.GatewayRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code fieldgate run}: runs the gateway until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the gateway until SIGTERM or SIGINT, then commits what it holds and exits 0.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:clean stop", "1:cannot start", "2:bad config",
                "70:a supervised part died (restart the gateway)"})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** Exit code when a supervised part is dead (EX_SOFTWARE): the service manager starts us afresh. */
    public static final int DEAD_PART = 70;
    /** How long the stop after a death may take: a hung part must not keep a dead gateway running. */
    private static final long DEATH_STOP_MS = 30_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The gateway's YAML config.")
    Path config;

    @Override
    public Integer call() {
        FieldgateConfig cfg;
        DriverRegistry drivers = DriverRegistry.load();
        try {
            cfg = ConfigLoader.load(config, drivers);
        } catch (ConfigException e) {
            // the gateway never starts on a config that `check` rejects
            var err = spec.commandLine().getErr();
            err.println("fieldgate: " + config + " is not valid; not starting:");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return 2;
        }

        CountDownLatch stop = new CountDownLatch(1);
        // Handle the signals ourselves so that a clean stop exits 0 (a JVM ended by SIGTERM through
        // shutdown hooks exits 143).
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());

        GatewayRuntime runtime;
        try {
            runtime = GatewayRuntime.start(cfg, FieldgateCli.version());
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getMessage(), e);
            return 1;
        }
        return runUntilStopped(runtime, stop);
    }

    /**
     * What {@code fieldgate run} does once the gateway started: runs until {@code stop} (0 after a
     * clean stop) or a part's death: then stops within
     * {@link #DEATH_STOP_MS} at most and answers {@link #DEAD_PART}. An {@link OutOfMemoryError} that
     * ends any thread is a death too (bin/fieldgate also runs the JVM with ExitOnOutOfMemoryError).
     */
    public static int runUntilStopped(GatewayRuntime runtime, CountDownLatch stop) {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            LOG.error("thread {} died", t.getName(), e);
            if (e instanceof OutOfMemoryError) {
                runtime.fatal(t.getName(), e);
            }
        });
        try {
            Optional<String> dead;
            try {
                dead = runtime.runUntil(stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dead = Optional.empty();
            }
            if (dead.isEmpty()) {
                LOG.info("stopping");
                runtime.close();
                LOG.info("stopped cleanly");
                return 0;
            }
            LOG.error("{} is dead: stopping, exit {} for the service manager to start the gateway again", dead.get(),
                    DEAD_PART);
            Thread closer = new Thread(runtime::close, "stop-after-death");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(DEATH_STOP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) {
                LOG.error("stop did not finish within {} s; exiting anyway", DEATH_STOP_MS / 1000);
            }
            return DEAD_PART;
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
