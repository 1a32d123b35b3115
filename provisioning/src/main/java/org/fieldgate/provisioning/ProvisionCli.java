package org.fieldgate.provisioning;

import org.fieldgate.gateway.cli.FieldgateCli;
import org.fieldgate.gateway.cli.PortsCommand;
import org.fieldgate.gateway.cli.ProbeCommand;
import org.fieldgate.provisioning.identity.IdentityCommand;
import org.fieldgate.provisioning.identity.InstallCertCommand;
import org.fieldgate.provisioning.init.InitCommand;
import org.fieldgate.provisioning.selftest.SelftestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fieldgate-provision}: the technician's tool, from a blank gateway to a site that reports. */
@Command(name = "fieldgate-provision", mixinStandardHelpOptions = true,
        versionProvider = FieldgateCli.Version.class,
        description = {"Provisions a fieldgate gateway: writes its config, gives it an identity, checks the site.",
            "Exit codes: 0 ok, 1 a check failed, 2 usage or config error."},
        subcommands = {InitCommand.class, IdentityCommand.class, InstallCertCommand.class, SelftestCommand.class,
            ProbeCommand.class, PortsCommand.class})
public final class ProvisionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand. */
    public static CommandLine commandLine() {
        return new CommandLine(new ProvisionCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
