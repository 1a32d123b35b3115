package org.fieldgate.provisioning.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.runtime.RunFile;
import org.fieldgate.gateway.status.ApiToken;

/**
 * The gateway of a config while it runs (its run file beside the store names a live process): the
 * selftest then asks it for its sensors and store instead of opening ports it holds, and tests a
 * siren through it.
 */
final class RunningGateway {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final FieldgateConfig config;
    private final RunFile run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private RunningGateway(FieldgateConfig config, RunFile run) {
        this.config = config;
        this.run = run;
    }

    /** The running gateway of {@code config}, if its run file names a live process. */
    static Optional<RunningGateway> of(FieldgateConfig config) {
        Path file = RunFile.beside(config.storage().path());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            RunFile run = RunFile.read(file);
            boolean alive = ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && run.statusUrl() != null ? Optional.of(new RunningGateway(config, run)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a torn run file: treat as not running
        }
    }

    long pid() {
        return run.pid();
    }

    /** Its {@code /api/status}. */
    JsonNode status(ObjectMapper json) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(run.statusUrl() + "/api/status"))
                .timeout(TIMEOUT).build());
        if (r.statusCode() != 200) {
            throw new IOException(run.statusUrl() + "/api/status answered " + r.statusCode());
        }
        return json.readTree(r.body());
    }

    /** {@code POST /api/test/{output}?by=selftest} with the API token: the status code and body. */
    HttpResponse<String> testOutput(String output) throws IOException {
        String token = ApiToken.read(ApiToken.fileOf(config));
        return send(HttpRequest.newBuilder(URI.create(run.statusUrl() + "/api/test/" + output + "?by=selftest"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
