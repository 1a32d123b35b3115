package org.fieldgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fieldgate.gateway.status.StatusText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldgate status}: prints the local status of a running gateway. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the local status of a running gateway (sensors, alarms, uplink, backlog, disk).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:status printed", "1:gateway unreachable", "2:usage or config error"})
public final class StatusCommand implements Callable<Integer> {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "Base URL of the status API (default: from --config's run file, else "
            + DEFAULT_URL + ").")
    String url;

    @Option(names = "--config", description = "Config of the gateway to ask; finds its real address in the run "
            + "file next to its store.")
    Path config;

    @Option(names = "--json", description = "Print the raw JSON of /api/status.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String base;
        try {
            base = url != null ? url : config != null ? GatewayAddress.of(config).statusUrl() : DEFAULT_URL;
        } catch (GatewayAddress.NotFound e) {
            err.println("fieldgate status: " + e.getMessage());
            return e.exitCode();
        }
        String target = base.replaceAll("/+$", "") + "/api/status";
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("fieldgate status: " + target + " answered HTTP " + response.statusCode());
                return 1;
            }
            if (json) {
                out.println(response.body());
            } else {
                JsonNode report = new ObjectMapper().readTree(response.body());
                out.print(StatusText.render(report));
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("fieldgate status: cannot reach " + target + " (" + describe(e) + "); is the gateway running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("fieldgate status: bad URL '" + base + "': " + e.getMessage());
            return 2;
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
