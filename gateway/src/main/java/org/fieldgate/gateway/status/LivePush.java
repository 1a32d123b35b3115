package org.fieldgate.gateway.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fieldgate.gateway.status.http.SelectorHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the status report to the open live pages ({@code GET /api/events}, server-sent events)
 * every {@value #PERIOD_MS} ms, so a raised alarm shows on a crew's phone within a second without a
 * reload. Builds nothing while no page is open. One event per push: {@code event: status} with the
 * report's JSON, the same document as {@code GET /api/status}.
 */
final class LivePush implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LivePush.class);
    static final long PERIOD_MS = 500;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-live");
        t.setDaemon(true);
        return t;
    });

    LivePush(SelectorHttpServer server, Supplier<StatusReport> report, ObjectMapper json) {
        timer.scheduleWithFixedDelay(() -> {
            if (server.streams() == 0) {
                return;
            }
            try {
                server.broadcast(event(json.writeValueAsString(report.get())));
            } catch (Exception e) { // never let the schedule die
                LOG.warn("live status: building the report failed: {}", e.toString());
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** One server-sent event of kind {@code status}; the JSON is one line, so one {@code data:} line. */
    static byte[] event(String oneLineJson) {
        return ("event: status\ndata: " + oneLineJson + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
