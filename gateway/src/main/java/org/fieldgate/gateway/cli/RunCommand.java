package org.fieldgate.gateway.cli;

import java.nio.file.Path;
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
        exitCodeList = {"0:clean stop", "1:fatal runtime error", "2:bad config"})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
        try {
            stop.await();
            LOG.info("stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            runtime.close();
        }
        LOG.info("stopped cleanly");
        return 0;
    }
}
