package org.fieldgate.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate ack RULE}: acknowledges a rule's active alarm on the gateway this runs on, which
 * silences the site's outputs for it until it clears or escalates ({@code POST /api/ack/{rule}}).
 */
@Command(name = "ack", mixinStandardHelpOptions = true,
        description = "Acknowledges a rule's active alarm: silences the site's sirens and beacons for it until it "
                + "clears or escalates. Works from the gateway itself only (the status API accepts it from loopback).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:acknowledged", "1:gateway unreachable, unknown rule, no active alarm or refused",
            "2:usage or config error"})
public final class AckCommand implements Callable<Integer> {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern BY = Pattern.compile("[^A-Za-z0-9._@-]");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RULE", description = "Id of the rule whose alarm to acknowledge.")
    String rule;

    @Option(names = "--url", description = "Base URL of the status API (default: from --config's run file, else "
            + StatusCommand.DEFAULT_URL + ").")
    String url;

    @Option(names = "--config", description = "Config of the gateway; finds its real address in the run file "
            + "next to its store.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!RULE_ID.matcher(rule).matches()) {
            err.println("fieldgate ack: bad rule id '" + rule + "' (rule ids are [a-z0-9-])");
            return 2;
        }
        String base;
        try {
            base = url != null ? url : config != null ? GatewayAddress.of(config).statusUrl() : StatusCommand.DEFAULT_URL;
        } catch (GatewayAddress.NotFound e) {
            err.println("fieldgate ack: " + e.getMessage());
            return e.exitCode();
        }
        String user = BY.matcher(System.getProperty("user.name", "cli")).replaceAll("");
        String target = base.replaceAll("/+$", "") + "/api/ack/" + rule + "?by="
                + URLEncoder.encode("cli-" + (user.isEmpty() ? "unknown" : user), StandardCharsets.UTF_8);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
                case 200 -> {
                    out.println("alarm " + rule + " acknowledged: its outputs are silent until it clears or escalates");
                    out.flush();
                    return 0;
                }
                case 404 -> err.println("fieldgate ack: no rule '" + rule + "' on this gateway");
                case 409 -> err.println("fieldgate ack: rule '" + rule + "' has no active alarm");
                case 403 -> err.println("fieldgate ack: refused: acknowledging works from the gateway itself only");
                default -> err.println("fieldgate ack: " + target + " answered HTTP " + response.statusCode() + ": "
                        + response.body().strip());
            }
            return 1;
        } catch (IOException e) {
            err.println("fieldgate ack: cannot reach " + base + " (" + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()) + "); is the gateway running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("fieldgate ack: bad URL '" + base + "': " + e.getMessage());
            return 2;
        }
    }
}
