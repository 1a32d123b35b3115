package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.gateway.config.HostPort;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: valid Prometheus text (0.0.4) with the families the docs list. */
class PrometheusMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)");
    private static final Pattern HELP = Pattern.compile("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    /** Every line parsed by the text format's grammar: family name → its samples' "name{labels}" → value. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> typed = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE")) {
                Matcher m = TYPE.matcher(line);
                assertThat(m.matches()).as("TYPE line: %s", line).isTrue();
                assertThat(typed.add(m.group(1))).as("one TYPE per family: %s", line).isTrue();
            } else if (line.startsWith("#")) {
                assertThat(HELP.matcher(line).matches()).as("HELP line: %s", line).isTrue();
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("sample line: %s", line).isTrue();
                String name = line.substring(0, line.lastIndexOf(' '));
                samples.put(name, Double.parseDouble(m.group(5).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
            }
        }
        return samples;
    }

    @Test
    void theReportAsPrometheusTextWithEveryFamily() throws Exception {
        try (StatusServer s = StatusServer.start(new HostPort("127.0.0.1", 0), false, StatusServerTest::report,
                () -> null, JSON)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + s.address() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Map<String, Double> m = parse(r.body());

            assertThat(m).containsEntry("fieldgate_info{gw=\"gw-1\",version=\"1.0\"}", 1.0)
                    .containsEntry("fieldgate_uptime_seconds", 1000.0)
                    .containsEntry("fieldgate_uplink_connected", 1.0)
                    .containsEntry("fieldgate_uplink_published_total", 10.0)
                    .containsEntry("fieldgate_backlog_messages", 3.0)
                    .containsEntry("fieldgate_backlog_oldest_age_seconds", 12.0)
                    .containsEntry("fieldgate_store_last_seq", 42.0)
                    .containsEntry("fieldgate_sensor_up{driver=\"sim-water-level\",sensor=\"wl1\",state=\"ok\"}", 1.0)
                    .containsEntry("fieldgate_sensor_last_reading_age_seconds{sensor=\"wl1\"}", 1.0)
                    .containsEntry("fieldgate_sensor_events_total{kind=\"readings\",sensor=\"wl1\"}", 7.0)
                    .containsEntry("fieldgate_alarm_severity{acknowledged=\"true\",level=\"BD1\",rule=\"flood\"}", 1.0)
                    .containsEntry("fieldgate_alarms_active", 2.0)
                    .containsEntry("fieldgate_rule_severity{kind=\"levels\",rule=\"flood\"}", 1.0)
                    .containsEntry("fieldgate_rule_severity{kind=\"sta_lta\",rule=\"quake\"}", 1.0)
                    .containsEntry("fieldgate_alerts_total{rule=\"flood\",state=\"raised\"}", 2.0)
                    .containsEntry("fieldgate_alerts_total{rule=\"flood\",state=\"cleared\"}", 1.0)
                    .containsEntry("fieldgate_output_on{output=\"siren\",state=\"on\",testing=\"false\"}", 1.0)
                    .containsEntry("fieldgate_clock_synced", 0.0)
                    .containsEntry("fieldgate_part_up{part=\"broker\",state=\"dead\"}", 0.0)
                    .containsEntry("fieldgate_part_restarts_total{part=\"driver-wl1\"}", 3.0)
                    .containsKey("jvm_memory_used_bytes{area=\"heap\"}")
                    .containsKey("jvm_threads_current");
            assertThat(r.body()).doesNotContain("/var/lib/fieldgate").doesNotContain("tcp://");
        }
    }
}
