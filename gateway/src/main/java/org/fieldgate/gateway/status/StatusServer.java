package org.fieldgate.gateway.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.status.http.Lane;
import org.fieldgate.gateway.status.http.Limits;
import org.fieldgate.gateway.status.http.Request;
import org.fieldgate.gateway.status.http.Response;
import org.fieldgate.gateway.status.http.Route;
import org.fieldgate.gateway.status.http.SelectorHttpServer;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local status API: {@code GET /api/status} (JSON), {@code GET /healthz}, {@code GET /metrics},
 * the crews' page ({@code GET /}, its live stream and history), read-only; and the actions:
 * {@code POST /api/ack/{rule}} (acknowledge an alarm: silences the site's outputs) and
 * {@code POST /api/test/{output}} (a siren test, for {@code fieldgate-provision selftest}), which need the
 * API token, a loopback peer and no foreign Origin ({@link ApiGuard}), and the crews'
 * {@code POST /api/crew/ack/{rule}} and {@code POST /api/crew/test/{output}}, which need their PIN.
 *
 * <p>Served by {@link SelectorHttpServer}: idle or half-sent requests cost no thread and are
 * dropped after {@link Limits#requestTimeout}; {@code /healthz}, the report and the actions each run
 * on their own small bounded lane, so a slow report or action never delays the health check.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    /** Rule and output ids, as the config allows them. */
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern BY = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    private static final String ACK = "/api/ack/";
    private static final String TEST = "/api/test/";
    private static final String CREW_ACK = "/api/crew/ack/";
    private static final String CREW_TEST = "/api/crew/test/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Lane HEALTH = new Lane("status-health", 1, 8);
    private static final Lane READS = new Lane("status-read", 2, 16);
    private static final Lane ACTIONS = new Lane("status-action", 1, 4);

    private final SelectorHttpServer server;
    private final HostPort address;

    private final LivePush live;

    private StatusServer(SelectorHttpServer server, HostPort address, LivePush live) {
        this.server = server;
        this.address = address;
        this.live = live;
    }

    /**
     * Starts serving the read-only routes.
     *
     * @param bind         where to listen
     * @param portFallback listen on a free port when {@code bind}'s port is taken
     * @param report       builds the current report (called per request)
     * @param trouble      null while the gateway is healthy ({@code /healthz} answers 200), else
     *                     what is wrong, e.g. {@code dead: uplink} (503 with that line as its body)
     * @param json         the mapper that writes the report
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     Supplier<String> trouble, ObjectMapper json) throws IOException {
        return start(bind, portFallback, report, trouble, json, null, null);
    }

    /**
     * Starts serving, with {@code POST /api/ack/{rule}} when {@code ack} is given.
     *
     * @param ack   acknowledges alarms; null = no ack route
     * @param token the token an ack must present; null = every ack is refused
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     Supplier<String> trouble, ObjectMapper json, AlarmAcknowledger ack,
                                     ApiToken token) throws IOException {
        return start(bind, portFallback, report, trouble, json, ack, token, LoopStarter.PLAIN);
    }

    /**
     * Starts serving, the selector loop ({@code status-http}) started through {@code threads}: the
     * gateway's supervisor, which restarts it after a throw.
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     Supplier<String> trouble, ObjectMapper json, AlarmAcknowledger ack,
                                     ApiToken token, LoopStarter threads) throws IOException {
        return start(bind, portFallback, report, report, null, trouble, json, ack, token, null, null, threads);
    }

    /**
     * Starts serving everything: the crews' page and its live stream too.
     *
     * @param live    the report pushed to the live pages every {@value LivePush#PERIOD_MS} ms (may
     *                use figures a few seconds old where fresh ones cost a disk write)
     * @param history the channels' recent history ({@code GET /api/history}); null = none
     * @param crewPin the field crews' PIN the page's actions need; null = the page is read-only
     * @param tester  tests the site's outputs from the page ({@code POST /api/crew/test/{output}});
     *                null = no test route
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     Supplier<StatusReport> live, HistorySeries.Source history,
                                     Supplier<String> trouble, ObjectMapper json, AlarmAcknowledger ack,
                                     ApiToken token, CrewPin crewPin, OutputTester tester, LoopStarter threads)
            throws IOException {
        Limits limits = Limits.DEFAULT;
        ApiGuard guard = new ApiGuard(bind.host(), token, json);
        Routes routes = new Routes(report, history, trouble, json, ack, guard, CrewPage.load(), crewPin, tester,
                new PinLockout(System::currentTimeMillis));
        List<Lane> lanes = List.of(HEALTH, READS, ACTIONS);
        SelectorHttpServer http;
        try {
            http = SelectorHttpServer.start(new InetSocketAddress(bind.host(), bind.port()), routes::route, limits,
                    lanes, "status-http", threads);
        } catch (BindException e) {
            if (!portFallback) {
                throw new BindException("status.http.bind " + bind + ": " + e.getMessage()
                        + " (is another fieldgate running?)");
            }
            http = SelectorHttpServer.start(new InetSocketAddress(bind.host(), 0), routes::route, limits, lanes,
                    "status-http", threads);
            LOG.warn("status.http.bind {} is taken; status API on port {} instead", bind, http.address().getPort());
        }
        HostPort actual = new HostPort(bind.host(), http.address().getPort());
        LOG.info("status API on http://{}/api/status, the crews' page on http://{}/ ({})", actual, actual,
                crewPin == null ? "read-only: no status.crew_pin_file" : "actions with the crew PIN");
        return new StatusServer(http, actual, new LivePush(http, live, json));
    }

    /** The address actually listened on. */
    public HostPort address() {
        return address;
    }

    /** True while the server accepts and answers requests. */
    public boolean alive() {
        return server.alive();
    }

    /** The routes: which lane each request takes, and what it answers. */
    private record Routes(Supplier<StatusReport> report, HistorySeries.Source history, Supplier<String> trouble,
                          ObjectMapper json,
                          AlarmAcknowledger ack, ApiGuard guard, CrewPage page, CrewPin crewPin,
                          OutputTester tester, PinLockout lockout) {

        Route route(Request r) {
            String path = r.path();
            if (path.equals("/healthz")) {
                // no Host check: reveals nothing, changes nothing, and monitors may use any name
                return readOnly(r, new Route(HEALTH, x -> health()));
            }
            Response refusal = guard.hostRefusal(r);
            if (refusal != null) {
                return Route.answer(refusal);
            }
            if (path.equals("/api/status")) {
                return readOnly(r, new Route(READS, x -> Response.json(200, bytes(report.get()))));
            }
            if (path.startsWith(ACK) && ack != null) {
                if (!r.method().equals("POST")) {
                    return Route.answer(guard.error(405, "method_not_allowed", "acknowledge with POST")
                            .with("Allow", "POST"));
                }
                Response denied = guard.actionRefusal(r);
                return denied != null ? Route.answer(denied) : new Route(ACTIONS, this::acknowledge);
            }
            if (path.startsWith(TEST) && tester != null) {
                if (!r.method().equals("POST")) {
                    return Route.answer(guard.error(405, "method_not_allowed", "test with POST")
                            .with("Allow", "POST"));
                }
                Response denied = guard.actionRefusal(r);
                return denied != null ? Route.answer(denied)
                        : new Route(ACTIONS, x -> test(x.path().substring(TEST.length()), apiCaller(x)));
            }
            if (path.equals("/metrics")) {
                return readOnly(r, new Route(READS, x -> new Response(200, PrometheusMetrics.CONTENT_TYPE,
                        PrometheusMetrics.expose(report.get()), Map.of())));
            }
            if (path.equals("/api/history") && history != null) {
                return readOnly(r, new Route(READS, this::history));
            }
            if (path.equals("/api/events")) {
                return readOnly(r, Route.answer(Response.EVENT_STREAM));
            }
            if (path.startsWith(CREW_ACK) && ack != null) {
                return crewAction(r, this::crewAcknowledge);
            }
            if (path.startsWith(CREW_TEST) && tester != null) {
                return crewAction(r, this::crewTest);
            }
            if (path.equals("/")) {
                return readOnly(r, new Route(READS, x -> page.response(x, new String(bytes(report.get()),
                        StandardCharsets.UTF_8))));
            }
            return Route.answer(Response.text(404, "not found\n"));
        }

        /** A crew's action from the page: POST, from the page's own origin, with a PIN, not locked out. */
        private Route crewAction(Request r, java.util.function.Function<Request, Response> action) {
            if (!r.method().equals("POST")) {
                return Route.answer(guard.error(405, "method_not_allowed", "use POST").with("Allow", "POST"));
            }
            Response refused = guard.originRefusal(r);
            if (refused == null && crewPin == null) {
                refused = guard.error(403, "no_crew_pin", "this gateway has no crew PIN"
                        + " (status.crew_pin_file): its page is read-only");
            }
            if (refused == null) {
                refused = lockedOut();
            }
            return refused != null ? Route.answer(refused) : new Route(ACTIONS, action::apply);
        }

        private static Route readOnly(Request r, Route route) {
            if (r.method().equals("GET") || r.method().equals("HEAD")) {
                return route;
            }
            return Route.answer(Response.text(405, "read-only API: GET only\n").with("Allow", "GET, HEAD"));
        }

        private Response health() {
            String wrong = trouble.get();
            return wrong == null ? Response.text(200, "ok\n") : Response.text(503, wrong + "\n");
        }

        /**
         * {@code POST /api/ack/{rule}[?by=NAME]}, once {@link ApiGuard#actionRefusal} let it through:
         * 200 acknowledged, 404 unknown rule, 409 no active alarm.
         */
        private Response acknowledge(Request r) {
            String rule = r.path().substring(ACK.length());
            if (!ID.matcher(rule).matches()) {
                return guard.error(404, "unknown_rule", "no such rule (rule ids are [a-z0-9-])");
            }
            return acknowledge(rule, apiCaller(r));
        }

        /** {@code local-api}, or {@code local-api:NAME} for {@code ?by=NAME}. */
        private static String apiCaller(Request r) {
            String query = r.query();
            if (query != null && query.startsWith("by=") && BY.matcher(query.substring(3)).matches()) {
                return "local-api:" + query.substring(3);
            }
            return "local-api";
        }

        /**
         * {@code POST /api/crew/ack/{rule}} with {@code {"pin":"…"}} from the crews' page, on any
         * address the server listens on: 200 acknowledged (by {@code local-page}), 403 wrong PIN (with
         * the tries left before the lockout), 429 locked out.
         */
        private Response crewAcknowledge(Request r) {
            String rule = r.path().substring(CREW_ACK.length());
            if (!ID.matcher(rule).matches()) {
                return guard.error(404, "unknown_rule", "no such rule (rule ids are [a-z0-9-])");
            }
            Response refused = pinRefusal(r, "acknowledge " + rule);
            if (refused != null) {
                return refused;
            }
            LOG.info("crew page: alarm {} acknowledged with the crew PIN from {}", rule, r.remote());
            return acknowledge(rule, "local-page");
        }

        /**
         * {@code POST /api/crew/test/{output}} with {@code {"pin":"…"}}: switches the output on for
         * {@link OutputTester#LENGTH} (by {@code local-page}); 200 started, 404 unknown output, 503 its
         * pin cannot be driven now, 403 wrong PIN, 429 locked out.
         */
        private Response crewTest(Request r) {
            String output = r.path().substring(CREW_TEST.length());
            if (!ID.matcher(output).matches()) {
                return guard.error(404, "unknown_output", "no such output (output ids are [a-z0-9-])");
            }
            Response refused = pinRefusal(r, "test output " + output);
            if (refused != null) {
                return refused;
            }
            LOG.info("crew page: output {} tested with the crew PIN from {}", output, r.remote());
            return test(output, "local-page");
        }

        /**
         * Switches {@code output} on for {@link OutputTester#LENGTH}: 200 started, 404 unknown output,
         * 503 its pin cannot be driven now.
         */
        private Response test(String output, String by) {
            if (!ID.matcher(output).matches()) {
                return guard.error(404, "unknown_output", "no such output (output ids are [a-z0-9-])");
            }
            OutputTester.Outcome outcome;
            try {
                outcome = tester.test(output, by);
            } catch (RuntimeException e) {
                LOG.error("testing output {} failed", output, e);
                return guard.error(500, "failed", "the test failed; see the gateway's log");
            }
            return switch (outcome) {
                case STARTED -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("output", output);
                    body.put("testing", true);
                    body.put("seconds", OutputTester.LENGTH.toSeconds());
                    body.put("by", by);
                    yield Response.json(200, bytes(body));
                }
                case UNKNOWN_OUTPUT -> guard.error(404, "unknown_output", "no output '" + output + "'");
                case UNAVAILABLE -> guard.error(503, "output_unavailable", "output '" + output
                        + "' cannot be driven now (its GPIO pin is not open); see the gateway's status and log");
            };
        }

        /**
         * Null when the request's {@code {"pin":"…"}} is the crew's PIN (which ends a run of wrong
         * tries); else the refusal: 429 locked out, 400 no JSON, 403 wrong PIN with the tries left.
         */
        private Response pinRefusal(Request r, String what) {
            Response locked = lockedOut();
            if (locked != null) {
                return locked;
            }
            String pin;
            try {
                pin = json.readTree(r.body()).path("pin").asText("");
            } catch (IOException e) {
                return guard.error(400, "bad_request", "send {\"pin\":\"…\"} as JSON");
            }
            if (!crewPin.matches(pin)) {
                lockout.wrong();
                LOG.warn("crew page: wrong PIN from {} to {} ({} wrong in a row)", r.remote(), what,
                        lockout.wrongInARow());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "wrong_pin");
                body.put("message", "wrong PIN");
                body.put("tries_left", Math.max(0, PinLockout.FREE_TRIES - lockout.wrongInARow()));
                return Response.json(403, bytes(body));
            }
            lockout.right();
            return null;
        }

        /**
         * {@code GET /api/history?sensor=S&ch=C&hours=H} (H from 1 to 168, default 24): the channel's
         * per-minute min/mean/max ({@link HistorySeries}), merged to at most 1,440 points.
         */
        private Response history(Request r) {
            Map<String, String> q = new LinkedHashMap<>();
            for (String pair : (r.query() == null ? "" : r.query()).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            String sensor = q.getOrDefault("sensor", "");
            String ch = q.getOrDefault("ch", "");
            String hoursText = q.getOrDefault("hours", "24");
            if (!NAME.matcher(sensor).matches() || !NAME.matcher(ch).matches() || !hoursText.matches("[0-9]{1,3}")
                    || Integer.parseInt(hoursText) < 1 || Integer.parseInt(hoursText) > 168) {
                return guard.error(400, "bad_request", "use ?sensor=ID&ch=CHANNEL&hours=1..168");
            }
            return Response.json(200, bytes(history.series(sensor, ch, Integer.parseInt(hoursText))));
        }

        /** 429 while wrong tries keep the PIN locked, else null. */
        private Response lockedOut() {
            long ms = lockout.lockedForMs();
            if (ms == 0) {
                return null;
            }
            long s = (ms + 999) / 1000;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "locked");
            body.put("message", "too many wrong PINs; try again in " + s + " s");
            body.put("retry_after_s", s);
            return Response.json(429, bytes(body)).with("Retry-After", Long.toString(s));
        }

        /** Acknowledges {@code rule}'s alarm as {@code by}: 200, 404 unknown rule, 409 no active alarm. */
        private Response acknowledge(String rule, String by) {
            AckOutcome outcome;
            try {
                outcome = ack.acknowledge(rule, by);
            } catch (RuntimeException e) {
                LOG.error("acknowledging alarm {} failed", rule, e);
                return guard.error(500, "failed", "acknowledging failed; see the gateway's log");
            }
            return switch (outcome) {
                case ACKNOWLEDGED -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("rule", rule);
                    body.put("acknowledged", true);
                    body.put("by", by);
                    yield Response.json(200, bytes(body));
                }
                case UNKNOWN_RULE -> guard.error(404, "unknown_rule", "no rule '" + rule + "'");
                case NO_ACTIVE_ALARM -> guard.error(409, "no_active_alarm", "rule '" + rule + "' has no active alarm");
            };
        }

        private byte[] bytes(Object value) {
            try {
                return json.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        live.close();
        server.close();
    }
}
