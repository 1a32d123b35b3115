package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.ConfigProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fieldgate check FILE}: prints {@code OK} (exit 0) or one line per problem (exit 2). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validates a config file; prints OK or one line per problem.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "2:invalid (or bad usage)"})
public final class CheckCommand implements Callable<Integer> {

    /** Exit code of an invalid config (the same as {@code run} with a bad config). */
    public static final int INVALID = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the config file (YAML)")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ConfigProblem> problems = ConfigLoader.check(file, DriverRegistry.load());
        if (problems.isEmpty()) {
            out.println("OK");
            out.flush();
            return 0;
        }
        problems.forEach(out::println);
        out.flush();
        return INVALID;
    }
}
