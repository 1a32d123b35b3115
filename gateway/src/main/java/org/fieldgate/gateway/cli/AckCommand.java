package org.fieldgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.fieldgate.gateway.status.ApiToken;
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
                + "clears or escalates. Works from the gateway itself only (loopback), with the API token the gateway "
                + "writes beside its store (readable by its user only, so run it as that user, e.g. root).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:acknowledged", "1:gateway unreachable, unknown rule, no active alarm or refused",
            "2:usage or config error, API token not readable"})
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
            + "next to its store, and its API token (status.token_file, default api.token next to its store).")
    Path config;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The API token file (default: from --config).")
    Path tokenFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!RULE_ID.matcher(rule).matches()) {
            err.println("fieldgate ack: bad rule id '" + rule + "' (rule ids are [a-z0-9-])");
            return 2;
        }
        if (config == null && tokenFile == null) {
            err.println("fieldgate ack: needs --config FILE (or --token-file FILE) to find the gateway's API token");
            return 2;
        }
        String base;
        String token;
        Path tokenPath = tokenFile;
        try {
            GatewayAddress gateway = config != null ? GatewayAddress.of(config) : null;
            base = url != null ? url : gateway != null ? gateway.statusUrl() : StatusCommand.DEFAULT_URL;
            if (tokenPath == null) {
                tokenPath = ApiToken.fileOf(gateway.config());
            }
            token = ApiToken.read(tokenPath);
        } catch (GatewayAddress.NotFound e) {
            err.println("fieldgate ack: " + e.getMessage());
            return e.exitCode();
        } catch (java.nio.file.AccessDeniedException e) {
            err.println("fieldgate ack: cannot read the API token " + tokenPath + ": permission denied (run as the "
                    + "gateway's user, e.g. with sudo)");
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("fieldgate ack: no API token " + tokenPath + " (the gateway writes it when it starts)");
            return 2;
        } catch (IOException e) {
            err.println("fieldgate ack: " + e.getMessage());
            return 2;
        }
        String user = BY.matcher(System.getProperty("user.name", "cli")).replaceAll("");
        String target = base.replaceAll("/+$", "") + "/api/ack/" + rule + "?by="
                + URLEncoder.encode("cli-" + (user.isEmpty() ? "unknown" : user), StandardCharsets.UTF_8);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
                case 200 -> {
                    out.println("alarm " + rule + " acknowledged: its outputs are silent until it clears or escalates");
                    out.flush();
                    return 0;
                }
                case 404 -> err.println("fieldgate ack: no rule '" + rule + "' on this gateway");
                case 409 -> err.println("fieldgate ack: rule '" + rule + "' has no active alarm");
                default -> err.println("fieldgate ack: refused (HTTP " + response.statusCode() + "): "
                        + message(response.body()));
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

    /** The {@code message} of a JSON error answer, else the answer's first 200 characters. */
    private static String message(String body) {
        try {
            JsonNode n = new ObjectMapper().readTree(body);
            if (n != null && n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        String s = body.strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
