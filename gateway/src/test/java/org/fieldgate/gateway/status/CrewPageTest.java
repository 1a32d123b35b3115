package org.fieldgate.gateway.status;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crews' page, its live stream and its PIN-guarded acknowledgement, over real HTTP. */
class CrewPageTest {

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<String> tested = new ArrayList<>();

    @TempDir
    Path dir;

    private StatusServer start(CrewPin pin) throws Exception {
        return start(pin, null);
    }

    private StatusServer start(CrewPin pin, ApiToken token) throws Exception {
        return StatusServer.start(new HostPort("127.0.0.1", 0), false, StatusServerTest::report,
                StatusServerTest::report, (sensor, ch, hours) -> new HistorySeries(sensor, ch, hours * 60L,
                        List.of(new double[] {1_000_000, 9.5, 9.6, 9.7})), () -> null, JSON, (rule, by) -> {
                    synchronized (acknowledged) {
                        acknowledged.add(rule + " by " + by);
                    }
                    return rule.equals("flood") ? AckOutcome.ACKNOWLEDGED : AckOutcome.UNKNOWN_RULE;
                }, token, pin, (output, by) -> {
                    synchronized (tested) {
                        tested.add(output + " by " + by);
                    }
                    return switch (output) {
                        case "siren" -> OutputTester.Outcome.STARTED;
                        case "beacon" -> OutputTester.Outcome.UNAVAILABLE;
                        default -> OutputTester.Outcome.UNKNOWN_OUTPUT;
                    };
                }, LoopStarter.PLAIN);
    }

    private CrewPin pin(String pin) throws Exception {
        Path file = dir.resolve("crew.pin");
        Files.writeString(file, CrewPin.hashLine(pin));
        return CrewPin.load(file);
    }

    private HttpResponse<byte[]> get(StatusServer s, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.address() + path));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> ack(StatusServer s, String rule, String body, String origin) throws Exception {
        return post(s, "/api/crew/ack/" + rule, body, origin);
    }

    private HttpResponse<String> post(StatusServer s, String path, String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.address() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsOneSelfContainedFileUnder100KbInVietnameseAndEnglishGzippedOnRequest() throws Exception {
        try (StatusServer s = start(null)) {
            HttpResponse<byte[]> plain = get(s, "/", null);
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(plain.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("default-src 'none'").contains("connect-src 'self'");
            String html = new String(plain.body(), UTF_8);
            assertThat(plain.body().length).isLessThan(100 * 1024);
            // no absolute URL: everything comes from the gateway itself
            assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
            assertThat(html).contains("<html lang=\"vi\">").contains("Cảnh báo đang hoạt động").contains("BĐ ")
                    .contains("Active alarms").contains("Xác nhận").contains("Rất xấu").contains("EventSource(\"api/events\")");

            HttpResponse<byte[]> gz = get(s, "/", "gzip, deflate");
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gz.body().length).isLessThan(plain.body().length / 2);
            try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
        }
    }

    @Test
    void theLiveStreamPushesTheReportWithinASecondAndCountsItsClients() throws Exception {
        try (StatusServer s = start(null); Socket socket = new Socket("127.0.0.1", s.address().port())) {
            socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(UTF_8));
            socket.setSoTimeout(3000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            List<String> head = new ArrayList<>();
            for (String line; !(line = in.readLine()).isEmpty(); ) {
                head.add(line);
            }
            assertThat(head).contains("Content-Type: text/event-stream; charset=utf-8").noneMatch(h -> h.startsWith("Content-Length"));
            long start = System.nanoTime();
            assertThat(in.readLine()).isEqualTo("event: status");
            String data = in.readLine();
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to the first event").isLessThan(1500);
            assertThat(data).startsWith("data: ");
            JsonNode report = JSON.readTree(data.substring(6));
            assertThat(report.path("gw").asText()).isEqualTo("gw-1");
            assertThat(report.path("alarms").get(0).path("level").asText()).isEqualTo("BD1");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).as("and again").isEqualTo("event: status");
        }
    }

    @Test
    void theHistoryOfAChannelIsServedAndBadQueriesAreRefused() throws Exception {
        try (StatusServer s = start(null)) {
            HttpResponse<byte[]> r = get(s, "/api/history?sensor=wl1&ch=stage_m&hours=168", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode j = JSON.readTree(r.body());
            assertThat(j.path("sensor").asText()).isEqualTo("wl1");
            assertThat(j.path("step_s").asLong()).isEqualTo(168 * 60);
            assertThat(j.path("points").get(0).get(2).asDouble()).isEqualTo(9.6);
            assertThat(get(s, "/api/history?sensor=wl1&ch=stage_m&hours=169", null).statusCode()).isEqualTo(400);
            assertThat(get(s, "/api/history?sensor=wl1%2F..&ch=x", null).statusCode()).isEqualTo(400);
            assertThat(get(s, "/api/history", null).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void withoutAPinThePageIsReadOnly() throws Exception {
        try (StatusServer s = start(null)) {
            HttpResponse<String> r = ack(s, "flood", "{\"pin\":\"1234\"}", null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("no_crew_pin");
            assertThat(acknowledged).isEmpty();
        }
    }

    @Test
    void theRightPinAcknowledgesAsTheLocalPageAndWrongOnesLockOut() throws Exception {
        try (StatusServer s = start(pin("482913"))) {
            HttpResponse<String> ok = ack(s, "flood", "{\"pin\":\"482913\"}", "http://" + s.address());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).path("by").asText()).isEqualTo("local-page");
            assertThat(acknowledged).containsExactly("flood by local-page");

            HttpResponse<String> foreign = ack(s, "flood", "{\"pin\":\"482913\"}", "http://evil.example");
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(foreign.body()).path("error").asText()).isEqualTo("foreign_origin");

            for (int i = 1; i < PinLockout.FREE_TRIES; i++) {
                HttpResponse<String> wrong = ack(s, "flood", "{\"pin\":\"000000\"}", null);
                assertThat(wrong.statusCode()).isEqualTo(403);
                assertThat(JSON.readTree(wrong.body()).path("tries_left").asInt()).isEqualTo(PinLockout.FREE_TRIES - i);
                assertThat(wrong.body()).doesNotContain("000000");
            }
            assertThat(ack(s, "flood", "{\"pin\":\"000000\"}", null).statusCode()).isEqualTo(403);
            HttpResponse<String> locked = ack(s, "flood", "{\"pin\":\"482913\"}", null);
            assertThat(locked.statusCode()).as("even the right PIN, while locked").isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
            assertThat(acknowledged).hasSize(1);
        }
    }

    @Test
    void theApiTokenTestsAnOutputForTheSelftestAndNothingElseDoes() throws Exception {
        ApiToken token = ApiToken.loadOrCreate(dir.resolve("api.token"));
        String secret = ApiToken.read(dir.resolve("api.token"));
        try (StatusServer s = start(null, token)) {
            HttpRequest.Builder test = HttpRequest.newBuilder(URI.create("http://" + s.address()
                    + "/api/test/siren?by=selftest")).POST(HttpRequest.BodyPublishers.noBody());
            HttpResponse<String> ok = http.send(test.header("Authorization", "Bearer " + secret).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).path("by").asText()).isEqualTo("local-api:selftest");
            assertThat(tested).containsExactly("siren by local-api:selftest");

            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://" + s.address()
                    + "/api/test/siren")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create("http://" + s.address()
                    + "/api/test/siren")).header("Authorization", "Bearer nope")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isIn(401, 403);
            assertThat(post(s, "/api/test/siren", "{\"pin\":\"482913\"}", null).statusCode())
                    .as("a PIN is no token").isIn(401, 403);
            assertThat(get(s, "/api/test/siren", null).statusCode()).as("GET").isEqualTo(405);
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://" + s.address()
                    + "/api/test/horn")).header("Authorization", "Bearer " + secret)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(tested).hasSize(2);
        }
    }

    @Test
    void theRightPinTestsAnOutputAndWrongOnesCountTowardsTheSameLockout() throws Exception {
        try (StatusServer s = start(pin("482913"))) {
            HttpResponse<String> ok = post(s, "/api/crew/test/siren", "{\"pin\":\"482913\"}", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode j = JSON.readTree(ok.body());
            assertThat(j.path("testing").asBoolean()).isTrue();
            assertThat(j.path("seconds").asLong()).isEqualTo(3);
            assertThat(j.path("by").asText()).isEqualTo("local-page");
            assertThat(tested).containsExactly("siren by local-page");

            HttpResponse<String> unavailable = post(s, "/api/crew/test/beacon", "{\"pin\":\"482913\"}", null);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(unavailable.body()).path("error").asText()).isEqualTo("output_unavailable");
            assertThat(post(s, "/api/crew/test/horn", "{\"pin\":\"482913\"}", null).statusCode()).isEqualTo(404);
            assertThat(post(s, "/api/crew/test/siren", "{\"pin\":\"482913\"}", "http://evil.example").statusCode())
                    .isEqualTo(403);
            assertThat(get(s, "/api/crew/test/siren", null).statusCode()).as("GET").isEqualTo(405);

            for (int i = 1; i <= PinLockout.FREE_TRIES; i++) {
                String path = i % 2 == 0 ? "/api/crew/test/siren" : "/api/crew/ack/flood";
                assertThat(post(s, path, "{\"pin\":\"000000\"}", null).statusCode()).isEqualTo(403);
            }
            assertThat(post(s, "/api/crew/test/siren", "{\"pin\":\"482913\"}", null).statusCode())
                    .as("wrong PINs on either action lock both").isEqualTo(429);
            assertThat(tested).hasSize(3);
            assertThat(acknowledged).isEmpty();
        }
    }

    @Test
    void withoutAPinNoOutputCanBeTested() throws Exception {
        try (StatusServer s = start(null)) {
            HttpResponse<String> r = post(s, "/api/crew/test/siren", "{\"pin\":\"1234\"}", null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("no_crew_pin");
            assertThat(tested).isEmpty();
        }
    }

    @Test
    void aBadBodyIsRefusedClearly() throws Exception {
        try (StatusServer s = start(pin("1234"))) {
            HttpResponse<String> r = ack(s, "flood", "not json", null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("pin");
        }
    }

    /** The page source has only relative URLs: any {@code src=}/{@code href=} names no scheme or host. */
    @Test
    void everyLinkInThePageIsRelative() throws Exception {
        String html = new String(CrewPage.class.getResourceAsStream(CrewPage.RESOURCE).readAllBytes(), UTF_8);
        Matcher m = Pattern.compile("(?:src|href|action)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            assertThat(m.group(1)).doesNotContain(":").doesNotStartWith("//");
        }
    }
}
