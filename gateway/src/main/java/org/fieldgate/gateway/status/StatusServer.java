package org.fieldgate.gateway.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.outputs.AckOutcome;
import org.fieldgate.gateway.outputs.AlarmAcknowledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local status API: {@code GET /api/status} (JSON) and {@code GET /healthz}, read-only, and its
 * one write, {@code POST /api/ack/{rule}} (acknowledge an alarm: silences the site's outputs),
 * accepted only from a loopback address. Uses the JDK's own HTTP server: no framework on a 64 MB
 * gateway.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern BY = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private final HttpServer server;
    private final HostPort address;

    private StatusServer(HttpServer server, HostPort address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts serving.
     *
     * @param bind         where to listen
     * @param portFallback listen on a free port when {@code bind}'s port is taken
     * @param report       builds the current report (called per request)
     * @param alive        true while the pipeline is alive ({@code /healthz} answers 200, else 503)
     * @param json         the mapper that writes the report
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     BooleanSupplier alive, ObjectMapper json) throws IOException {
        return start(bind, portFallback, report, alive, json, null);
    }

    /**
     * Starts serving, with {@code POST /api/ack/{rule}} when {@code ack} is given.
     *
     * @param ack acknowledges alarms; null = no ack route
     */
    public static StatusServer start(HostPort bind, boolean portFallback, Supplier<StatusReport> report,
                                     BooleanSupplier alive, ObjectMapper json, AlarmAcknowledger ack)
            throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind.host(), bind.port()), 16);
        } catch (BindException e) {
            if (!portFallback) {
                throw new BindException("status.http.bind " + bind + ": " + e.getMessage()
                        + " (is another fieldgate running?)");
            }
            http = HttpServer.create(new InetSocketAddress(bind.host(), 0), 16);
            LOG.warn("status.http.bind {} is taken; status API on port {} instead", bind,
                    http.getAddress().getPort());
        }
        HostPort actual = new HostPort(bind.host(), http.getAddress().getPort());
        http.createContext("/api/status", ex -> {
            if (!isGet(ex)) {
                return;
            }
            send(ex, 200, "application/json", json.writeValueAsBytes(report.get()));
        });
        http.createContext("/healthz", ex -> {
            if (!isGet(ex)) {
                return;
            }
            boolean ok = alive.getAsBoolean();
            send(ex, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "pipeline stopped\n").getBytes(StandardCharsets.UTF_8));
        });
        if (ack != null) {
            http.createContext("/api/ack/", ex -> acknowledge(ex, ack));
        }
        http.createContext("/", ex -> {
            if (!isGet(ex)) {
                return;
            }
            if (!ex.getRequestURI().getPath().equals("/")) {
                send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, "text/plain", "fieldgate: see /api/status and /healthz\n".getBytes(StandardCharsets.UTF_8));
        });
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        LOG.info("status API on http://{}/api/status", actual);
        return new StatusServer(http, actual);
    }

    /** The address actually listened on. */
    public HostPort address() {
        return address;
    }

    /**
     * {@code POST /api/ack/{rule}[?by=NAME]}: 200 acknowledged, 403 not from loopback, 404 unknown
     * rule, 409 no active alarm, 405 not a POST. Loopback only: silencing a siren is for someone at
     * the site (a shell on the gateway, the button), never for whoever can reach the status page.
     */
    private static void acknowledge(HttpExchange ex, AlarmAcknowledger ack) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, "text/plain", "acknowledge with POST\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        InetSocketAddress from = ex.getRemoteAddress();
        if (from == null || from.getAddress() == null || !from.getAddress().isLoopbackAddress()) {
            LOG.warn("refused an alarm acknowledgement from {} (loopback only)", from);
            send(ex, 403, "text/plain", "acknowledging is allowed from the gateway itself only (loopback)\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String rule = ex.getRequestURI().getPath().substring("/api/ack/".length());
        if (!RULE_ID.matcher(rule).matches()) {
            send(ex, 404, "text/plain", "no such rule (rule ids are [a-z0-9-])\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String by = "local-api";
        String query = ex.getRequestURI().getQuery();
        if (query != null && query.startsWith("by=") && BY.matcher(query.substring(3)).matches()) {
            by = "local-api:" + query.substring(3);
        }
        AckOutcome outcome;
        try {
            outcome = ack.acknowledge(rule, by);
        } catch (RuntimeException e) {
            LOG.error("acknowledging alarm {} failed", rule, e);
            send(ex, 500, "text/plain", "acknowledging failed; see the gateway's log\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (outcome) {
            case ACKNOWLEDGED -> send(ex, 200, "application/json",
                    ("{\"rule\":\"" + rule + "\",\"acknowledged\":true,\"by\":\"" + by + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
            case UNKNOWN_RULE -> send(ex, 404, "text/plain", ("no rule '" + rule + "'\n").getBytes(StandardCharsets.UTF_8));
            case NO_ACTIVE_ALARM -> send(ex, 409, "text/plain",
                    ("rule '" + rule + "' has no active alarm\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean isGet(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod())) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain", "read-only API: GET only\n".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(code, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService es) {
            es.shutdownNow();
        }
    }
}
