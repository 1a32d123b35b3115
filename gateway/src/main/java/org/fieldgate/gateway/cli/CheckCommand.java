package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.ConfigProblem;
import org.fieldgate.gateway.uplink.UplinkFileChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate check FILE}: prints {@code OK} (exit 0) or one line per problem (exit 2), and a
 * {@code warning: } line for each secret file others can read and each old key name. Beyond the config itself it reads
 * the TLS files as the uplink will ({@link UplinkFileChecks}).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validates a config file and the TLS files it names; prints OK or one line per problem, "
                + "and a warning line for each secret file that others can read and each old key name (sta_lta.on).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "2:invalid (or bad usage)"})
public final class CheckCommand implements Callable<Integer> {

    /** Exit code of an invalid config (the same as {@code run} with a bad config). */
    public static final int INVALID = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the config file (YAML)")
    Path file;

    /** When certificates are checked for validity (tests move it). */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ConfigProblem> problems;
        List<ConfigProblem> warnings = new java.util.ArrayList<>();
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(file, DriverRegistry.load());
            UplinkFileChecks files = UplinkFileChecks.of(loaded.config().uplink().mqtt(), clock);
            problems = files.errors();
            warnings.addAll(loaded.warnings());
            warnings.addAll(files.warnings());
        } catch (ConfigException e) {
            problems = e.problems();
        }
        problems.forEach(out::println);
        warnings.forEach(w -> out.println("warning: " + w));
        if (problems.isEmpty()) {
            out.println("OK");
        }
        out.flush();
        return problems.isEmpty() ? 0 : INVALID;
    }
}
