package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.replay.Replay;
import org.fieldgate.gateway.replay.ReplayInputException;
import org.fieldgate.gateway.replay.ReplayResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate replay --config FILE --input REC… [--sensor ID] [--speed N|max]}: recorded
 * readings through the config's rules in simulated time; alert events and derived readings as JSON
 * lines on stdout (see {@code docs/replay.md}).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Runs recorded readings through a config's rules with simulated time (no broker, no sensor"
            + " is opened) and prints every alert event and derived reading as one JSON line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replayed", "2:bad config, bad input or bad usage", "1:unexpected failure"})
public final class ReplayCommand implements Callable<Integer> {

    /** Exit code of a bad config or a bad recording. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway config (YAML)")
    Path config;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "REC",
            description = "recordings (CSV t,sensor,ch,val), merged by time")
    List<Path> inputs;

    @Option(names = "--sensor", paramLabel = "ID", description = "replay only this sensor's readings")
    String sensor;

    @Option(names = "--speed", paramLabel = "N|max", defaultValue = "max",
            description = "N times real time (sleeping between readings), or max: as fast as possible (default)")
    String speed;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double factor;
        try {
            factor = speed(speed);
        } catch (IllegalArgumentException e) {
            err.println("--speed: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        FieldgateConfig loaded;
        try {
            loaded = ConfigLoader.load(config, DriverRegistry.load());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        try {
            ReplayResult result = new Replay(loaded, out::println).run(inputs, sensor, factor);
            out.flush();
            err.printf("replayed %d reading(s)%s: %d alert event(s), %d derived reading(s)%n", result.readings(),
                    result.skipped() > 0 ? " (" + result.skipped() + " of other sensors skipped)" : "",
                    result.alerts(), result.derived());
            err.flush();
            return 0;
        } catch (ReplayInputException e) {
            out.flush();
            err.println(e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }

    /** {@code max} → 0 (no sleeping), else a positive finite factor. */
    static double speed(String text) {
        if (text == null || text.equalsIgnoreCase("max")) {
            return 0;
        }
        double v;
        try {
            v = Double.parseDouble(text.strip().toLowerCase(Locale.ROOT).replaceFirst("x$", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number or max, got \"" + text + "\"");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("must be a positive number or max, got \"" + text + "\"");
        }
        return v;
    }
}
