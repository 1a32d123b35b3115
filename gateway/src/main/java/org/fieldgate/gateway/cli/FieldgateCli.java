package org.fieldgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fieldgate} command: the gateway runtime and the tools around it. */
@Command(name = "fieldgate", mixinStandardHelpOptions = true, versionProvider = FieldgateCli.Version.class,
        description = "Edge runtime for field gateways of hazard early-warning networks.",
        subcommands = {RunCommand.class, CheckCommand.class, StatusCommand.class, WatchCommand.class,
            ProbeCommand.class, PortsCommand.class, ReplayCommand.class, AckCommand.class,
            DeadLettersCommand.class, CrewPinCommand.class, KeygenCommand.class, SendCommand.class})
public final class FieldgateCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with our exit-code conventions (2 for usage errors). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FieldgateCli());
        // picocli asks this mapper for usage errors too: those are 2, anything thrown by a command 1
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The version from the jar's manifest ({@code dev} when run from classes). */
    public static String version() {
        String v = FieldgateCli.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fieldgate " + version()};
        }
    }
}
