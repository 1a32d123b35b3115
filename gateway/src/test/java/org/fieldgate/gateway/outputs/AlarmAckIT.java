package org.fieldgate.gateway.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.cli.FieldgateCli;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.OutputConfig;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.status.ApiToken;
import org.fieldgate.gateway.status.StatusServer;
import org.fieldgate.gateway.status.StatusServerTestReports;
import org.fieldgate.gateway.status.http.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Acknowledging over the real status API on a free port (and through {@code fieldgate ack}),
 * with the output controller running on pi4j's mock provider.
 */
class AlarmAckIT {

    private static final OutputConfig SIREN = new OutputConfig("siren", new OutputConfig.Gpio(17, true),
            Map.of(2, new OutputConfig.Pattern(Duration.ofMillis(250), Duration.ofMillis(250))), null, false, null);

    private final MockGpio mock = new MockGpio();
    private final Map<String, AlarmSnapshot> alarms = new ConcurrentHashMap<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private Path tokenFile;
    private OutputController controller;
    private StatusServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (controller != null) {
            controller.close();
        }
        mock.close();
    }

    private void start(String bindHost) throws Exception {
        tokenFile = dir.resolve("api.token");
        alarms.put("flood", new AlarmSnapshot("flood", "BD1", 1, 1L, null));
        alarms.put("air", new AlarmSnapshot("air", null, 0, 0L, null));
        AlarmSource source = new AlarmSource(() -> Map.copyOf(alarms), (rule, by) -> {
            acks.add(rule + " by " + by);
            return alarms.get(rule).active();
        });
        controller = new OutputController(List.of(SIREN), Map.of("siren", List.of("flood")), source, mock.inputs(),
                mock.inputs(), System::nanoTime);
        controller.start();
        server = StatusServer.start(new HostPort(bindHost, 0), false, StatusServerTestReports::report, () -> null,
                new ObjectMapper(), controller, ApiToken.loadOrCreate(tokenFile));
    }

    private HttpResponse<String> post(String host, String path) throws Exception {
        return post(host, path, "Bearer " + ApiToken.read(tokenFile), null);
    }

    /** A POST with the given Authorization and Origin (null: none). */
    private HttpResponse<String> post(String host, String path, String authorization, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.address().port() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPostFromLoopbackSilencesTheSirenAndTheOtherAnswersSayWhy() throws Exception {
        start("127.0.0.1");
        Await.until("siren on", () -> mock.output(17).state() == DigitalState.HIGH);

        assertThat(post("127.0.0.1", "/api/ack/nope").statusCode()).isEqualTo(404);
        assertThat(post("127.0.0.1", "/api/ack/Bad%20Id").statusCode()).isEqualTo(404);
        assertThat(post("127.0.0.1", "/api/ack/air").statusCode()).isEqualTo(409);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().port() + "/api/ack/flood")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(acks).as("nothing acknowledged yet").isEmpty();

        HttpResponse<String> ok = post("127.0.0.1", "/api/ack/flood?by=tech-an");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"acknowledged\":true");
        assertThat(acks).containsExactly("flood by local-api:tech-an");
        Await.until("siren silenced", () -> mock.output(17).state() == DigitalState.LOW);
        assertThat(controller.silenced()).containsEntry("flood", 1);

        alarms.put("flood", new AlarmSnapshot("flood", "BD2", 2, 2L, null));
        Await.until("escalation sounds again", () -> controller.silenced().isEmpty());
    }

    @Test
    void anAckNeedsTheTokenNoForeignOriginAndThisGatewaysHost() throws Exception {
        start("127.0.0.1");
        Await.until("siren on", () -> mock.output(17).state() == DigitalState.HIGH);
        String bearer = "Bearer " + ApiToken.read(tokenFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");

        HttpResponse<String> none = post("127.0.0.1", "/api/ack/flood", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"error\":\"token_required\"");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(post("127.0.0.1", "/api/ack/flood", "Bearer " + "A".repeat(43), null).statusCode())
                .as("wrong token").isEqualTo(401);
        assertThat(post("127.0.0.1", "/api/ack/flood", bearer.substring(0, bearer.length() - 1), null).statusCode())
                .as("a token one character short").isEqualTo(401);
        HttpResponse<String> foreign = post("127.0.0.1", "/api/ack/flood", bearer, "http://evil.example");
        assertThat(foreign.statusCode()).as("a foreign page's request, even with the token").isEqualTo(403);
        assertThat(foreign.body()).contains("foreign_origin");
        assertThat(post("127.0.0.1", "/api/ack/flood", bearer, "null").statusCode()).as("Origin: null").isEqualTo(403);
        int port = server.address().port();
        String rebound = RawHttp.exchange(new InetSocketAddress("127.0.0.1", port), "POST /api/ack/flood HTTP/1.1\r\n"
                + "Host: evil.example:" + port + "\r\nAuthorization: " + bearer + "\r\nContent-Length: 0\r\n\r\n",
                Duration.ofSeconds(5));
        assertThat(RawHttp.status(rebound)).as("DNS rebinding: another name in Host").isEqualTo(403);
        assertThat(rebound).contains("host_not_allowed");
        assertThat(RawHttp.status(RawHttp.exchange(new InetSocketAddress("127.0.0.1", port),
                RawHttp.get("/api/status", "evil.example"), Duration.ofSeconds(5)))).isEqualTo(403);
        assertThat(acks).as("nothing acknowledged by a refused request").isEmpty();
        assertThat(mock.output(17).state()).isEqualTo(DigitalState.HIGH);

        assertThat(post("localhost", "/api/ack/flood", bearer, "http://localhost:" + port).statusCode())
                .as("same origin, by name localhost").isEqualTo(200);
        assertThat(post("127.0.0.1", "/api/ack/flood", bearer, null).statusCode()).as("the token, no Origin")
                .isEqualTo(200);
        assertThat(acks).hasSize(2);
        Await.until("siren silenced", () -> mock.output(17).state() == DigitalState.LOW);
    }

    @Test
    void aPostFromAnotherAddressIsForbidden() throws Exception {
        InetAddress lan = lanAddress();
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to connect from");
        start("0.0.0.0");

        HttpResponse<String> r = post(lan.getHostAddress(), "/api/ack/flood");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(acks).isEmpty();
        assertThat(controller.silenced()).isEmpty();
    }

    @Test
    void fieldgateAckAcknowledgesThroughTheStatusApi() throws Exception {
        start("127.0.0.1");
        String url = "http://127.0.0.1:" + server.address().port();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FieldgateCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        String token = tokenFile.toString();
        assertThat(cli.execute("ack", "air", "--url", url, "--token-file", token)).isEqualTo(1);
        assertThat(err.toString()).contains("no active alarm");
        assertThat(cli.execute("ack", "nope", "--url", url, "--token-file", token)).isEqualTo(1);
        assertThat(err.toString()).contains("no rule 'nope'");
        assertThat(cli.execute("ack", "BAD!", "--url", url, "--token-file", token)).isEqualTo(2);
        assertThat(cli.execute("ack", "flood", "--url", url)).as("no token file").isEqualTo(2);
        assertThat(err.toString()).contains("needs --config FILE");
        Path wrong = dir.resolve("wrong.token");
        Files.writeString(wrong, "x".repeat(43) + "\n");
        assertThat(cli.execute("ack", "flood", "--url", url, "--token-file", wrong.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("wrong API token");
        assertThat(acks).isEmpty();

        assertThat(cli.execute("ack", "flood", "--url", url, "--token-file", token)).as("stderr: %s", err).isEqualTo(0);
        assertThat(out.toString()).contains("alarm flood acknowledged");
        assertThat(acks).hasSize(1).allMatch(a -> a.startsWith("flood by local-api:cli-"));
        Await.until("siren silenced", () -> mock.output(17).state() == DigitalState.LOW);
    }

    @Test
    void fieldgateAckSaysWhenNoGatewayListens() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = FieldgateCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path token = dir.resolve("api.token");
        ApiToken.loadOrCreate(token);
        assertThat(cli.execute("ack", "flood", "--url", "http://127.0.0.1:" + port, "--token-file", token.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach");
    }

    private static InetAddress lanAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
