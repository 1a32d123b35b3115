package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.gateway.config.HostPort;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final HttpClient http = HttpClient.newHttpClient();

    static StatusReport report() {
        return new StatusReport("gw-1", "1.0", 2_000_000L, 1_000_000L, 1000,
                List.of(new StatusReport.Sensor("wl1", "sim-water-level", "ok", 1_999_000L,
                        List.of(new StatusReport.ChannelValue("stage_m", 9.61, "ok", 1_999_000L)), Map.of("readings", 7L))),
                List.of(new StatusReport.Alarm("flood", "BD1", 1, "wl1", "stage_m", 9.61, 9.5, 1_500_000L, "crew"),
                        new StatusReport.Alarm("quake", "quake", 1, "seis1", "z", 7.7, 3.0, 1_990_000L, null,
                                new org.fieldgate.gateway.rules.seismic.Shaking(1_989_900L, 0.5189, 0.0224, 4.7, 0,
                                        null))),
                new StatusReport.Uplink(true, "tcp://b:1883", List.of("tcp://b:1883"), 1_000_500L, null, 10, 10, 0, 0, 0),
                new StatusReport.Backlog(3, 900, 12L, 95L),
                new StatusReport.Store("/var/lib/fieldgate/store.db", 81920, 2L << 30, 42, 0),
                null, new StatusReport.ClockState(false, "waiting for systemd-timesyncd"),
                List.of(new StatusReport.Part("uplink", "running", 1, "HealthBug: boom"),
                        new StatusReport.Part("driver-wl1", "restarting", 3, "thread ended"),
                        new StatusReport.Part("broker", "dead", 0, "thread ended"),
                        new StatusReport.Part("status-http", "running", 0, null)),
                List.of(new StatusReport.Rule("flood", "levels", "wl1", "stage_m",
                                List.of(new StatusReport.RuleLevel("BD1", 9.5, null)),
                                Map.of("raised", 2L, "cleared", 1L)),
                        new StatusReport.Rule("quake", "sta_lta", "seis1", null, List.of())),
                List.of(new StatusReport.Output("siren", "on", false, List.of("flood"), null)));
    }

    private HttpResponse<String> get(StatusServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + s.address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheReportAsSnakeCaseJson() throws Exception {
        try (StatusServer s = StatusServer.start(new HostPort("127.0.0.1", 0), false, StatusServerTest::report,
                () -> null, JSON)) {
            HttpResponse<String> r = get(s, "/api/status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode n = JSON.readTree(r.body());
            assertThat(n.path("gw").asText()).isEqualTo("gw-1");
            assertThat(n.path("uptime_s").asLong()).isEqualTo(1000);
            assertThat(n.path("sensors").get(0).path("last").get(0).path("ch").asText()).isEqualTo("stage_m");
            assertThat(n.path("backlog").path("oldest_age_s").asLong()).isEqualTo(12);
            assertThat(n.path("store").path("last_seq").asLong()).isEqualTo(42);
            assertThat(n.path("alarms").get(0).path("level").asText()).isEqualTo("BD1");
            assertThat(n.path("threads").get(1).path("name").asText()).isEqualTo("driver-wl1");
            assertThat(n.path("threads").get(1).path("state").asText()).isEqualTo("restarting");
            assertThat(n.path("threads").get(1).path("restarts").asLong()).isEqualTo(3);
            assertThat(n.path("threads").get(1).path("last_error").asText()).isEqualTo("thread ended");
            assertThat(n.path("alarms").get(0).has("shaking")).as("only earthquake alarms have shaking").isFalse();
            JsonNode shaking = n.path("alarms").get(1).path("shaking");
            assertThat(shaking.path("onset").asLong()).isEqualTo(1_989_900L);
            assertThat(shaking.path("pga").asDouble()).isEqualTo(0.5189);
            assertThat(shaking.path("mmi").asDouble()).isEqualTo(4.7);
            assertThat(StatusText.render(n)).contains("shaking since").contains("PGA 0.5189 m/s2").contains("MMI 4.700");
        }
    }

    @Test
    void healthzAnswers503WithWhatIsDead() throws Exception {
        AtomicBoolean alive = new AtomicBoolean(true);
        try (StatusServer s = StatusServer.start(new HostPort("127.0.0.1", 0), false, StatusServerTest::report,
                () -> alive.get() ? null : "dead: uplink", JSON)) {
            assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(s, "/healthz").body()).isEqualTo("ok\n");
            alive.set(false);
            HttpResponse<String> dead = get(s, "/healthz");
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).isEqualTo("dead: uplink\n");
            assertThat(get(s, "/nope").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + s.address() + "/api/status"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTakenPortFailsOrFallsBackAsConfigured() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            HostPort bind = new HostPort("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> StatusServer.start(bind, false, StatusServerTest::report, () -> null, JSON))
                    .isInstanceOf(BindException.class).hasMessageContaining("status.http.bind " + bind);
            try (StatusServer s = StatusServer.start(bind, true, StatusServerTest::report, () -> null, JSON)) {
                assertThat(s.address().port()).isNotEqualTo(taken.getLocalPort());
                assertThat(get(s, "/api/status").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void textViewShowsWhatACrewNeeds() throws Exception {
        String text = StatusText.render(JSON.valueToTree(report()));
        assertThat(text).contains("fieldgate gw-1", "connected to tcp://b:1883", "3 messages (900 B), oldest 12s old, sent in about 1m35s",
                "last seq 42", "NOT SYNCED: waiting for systemd-timesyncd", "wl1", "stage_m=9.610", "flood", "BD1 (severity 1)", "acknowledged by crew");
        assertThat(text).contains("THREADS\n",
                "  uplink               running, 1 restart; last error: HealthBug: boom\n",
                "  driver-wl1           restarting, 3 restarts: thread ended\n",
                "  broker               DEAD: thread ended\n",
                "  status-http          running\n");
        assertThat(text).contains("OUTPUTS\n", "  siren                on  (rules flood)\n");
    }
}
