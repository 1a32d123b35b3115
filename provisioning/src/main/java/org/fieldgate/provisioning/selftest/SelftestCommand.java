package org.fieldgate.provisioning.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.clock.SystemClockQuality;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.OutputConfig;
import org.fieldgate.gateway.uplink.ClientCertificate;
import org.fieldgate.provisioning.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate-provision selftest}: is this site ready to be left alone? One table, a line per
 * check, each PASS or FAIL with what to do: the config and its rules, the clock, disk and store,
 * every sensor, the gateway's certificate, every broker (TCP, TLS), a test message published and
 * read back, and on request a siren test. While the gateway runs, the sensors, store and siren are
 * checked through it; otherwise the sensors are opened directly.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the site before you leave it, one PASS/FAIL line each.",
            "Config and rules, clock, disk and store, every sensor, the certificate, each broker (TCP, TLS),",
            "a test message published and read back, optionally a siren."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed (the table says what to do)",
            "2:the config cannot be read"})
public final class SelftestCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The site's config (default: /etc/fieldgate/fieldgate.yaml when installed, else ./fieldgate.yaml).")
    Path config;

    @Option(names = "--siren", paramLabel = "OUTPUT", description = "Also sound this output for 3 s (through the running gateway).")
    String siren;

    @Option(names = "--listen", paramLabel = "DURATION", defaultValue = "15s",
            description = "How long to wait for each sensor's reading when the gateway is stopped (default ${DEFAULT-VALUE}; "
                    + "at least two of the sensor's periods).")
    String listen;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long each broker step may take (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Print the result as JSON, for tools.")
    boolean json;

    /** The clock's judge; tests may set it (else the system's, made when the command runs). */
    ClockQuality clockQuality;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = config != null ? config : DefaultConfig.path();
        Duration listenFor;
        Duration brokerTimeout;
        try {
            listenFor = DurationText.parse(listen);
            brokerTimeout = DurationText.parse(timeout);
        } catch (IllegalArgumentException e) {
            err.println("selftest: " + e.getMessage());
            err.flush();
            return 2;
        }
        FieldgateConfig site;
        try {
            site = ConfigLoader.load(file, DriverRegistry.load());
        } catch (ConfigException e) {
            List<Check> failed = List.of(Check.fail("config " + file, "not valid: " + e.problems().size()
                    + " problem(s): " + e.problems().get(0), "fieldgate check " + file + " names them all; "
                    + "fieldgate-provision init writes a valid one"));
            print(new SelftestReport(failed), out);
            return 2;
        }
        SelftestReport report = new SelftestReport(checks(file, site, listenFor, brokerTimeout));
        print(report, out);
        return report.passed() ? 0 : 1;
    }

    private List<Check> checks(Path file, FieldgateConfig site, Duration listenFor, Duration brokerTimeout) {
        Clock clock = Clock.systemUTC();
        List<Check> checks = new ArrayList<>();
        checks.add(Check.pass("config " + file, "valid: gateway " + site.gateway().id() + ", " + site.sensors().size()
                + " sensor(s), " + site.rules().size() + " rule(s), " + site.outputs().size() + " output(s)"));
        checks.add(LocalChecks.rules(site));
        checks.add(LocalChecks.clock(clockQuality != null ? clockQuality : SystemClockQuality.system()));
        checks.add(LocalChecks.disk(site));
        Optional<RunningGateway> running = RunningGateway.of(site);
        JsonNode status = null;
        if (running.isPresent()) {
            try {
                status = running.get().status(JSON);
            } catch (IOException e) {
                checks.add(Check.fail("gateway", "runs (pid " + running.get().pid() + ") but does not answer: "
                        + e.getMessage(), "see its log (journalctl -u fieldgate); restart it (systemctl restart fieldgate)"));
            }
        }
        if (status != null) {
            checks.add(Check.pass("gateway", "running (pid " + running.get().pid() + "), up "
                    + status.path("uptime_s").asLong() + " s"));
            checks.add(LocalChecks.store(status));
            checks.addAll(SensorChecks.fromStatus(status, clock.millis()));
        } else {
            checks.add(LocalChecks.store(site));
            checks.addAll(SensorChecks.byProbing(site, listenFor));
        }
        Check cert = BrokerChecks.certificate(site.uplink().mqtt().tls(), clock, ClientCertificate.RENEW_AHEAD);
        if (cert != null) {
            checks.add(cert);
        }
        checks.addAll(new BrokerChecks(site.uplink().mqtt(), site.gateway().id(), brokerTimeout, clock).run());
        if (siren != null) {
            checks.add(SirenCheck.run(status != null ? running : Optional.empty(), siren,
                    site.outputs().stream().map(OutputConfig::id).toList(), JSON));
        }
        return checks;
    }

    private void print(SelftestReport report, PrintWriter out) {
        out.print(json ? report.json(JSON) + "\n" : report.table());
        out.flush();
    }
}
