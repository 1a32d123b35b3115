package org.fieldgate.gateway.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;
import org.fieldgate.gateway.status.StatusReport;

/**
 * The {@code R/G/health} payload (DESIGN.md, MQTT contract v1): a summary of the status report,
 * published every {@code uplink.mqtt.health}, never stored.
 */
public final class HealthMessage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthMessage() {
    }

    /** The health payload of {@code r}. */
    public static byte[] write(StatusReport r) {
        ObjectNode h = JSON.createObjectNode();
        h.put("v", MessageEncoder.VERSION).put("gw", r.gw()).put("t", r.now()).put("uptime_s", r.uptimeS())
                .put("version", r.version());
        ObjectNode backlog = h.putObject("backlog");
        backlog.put("messages", r.backlog().messages()).put("bytes", r.backlog().bytes());
        if (r.backlog().oldestAgeS() != null) {
            backlog.put("oldest_age_s", r.backlog().oldestAgeS());
        } else {
            backlog.putNull("oldest_age_s");
        }
        StatusReport.Store st = r.store();
        ObjectNode storeNode = h.putObject("store").put("size_bytes", st.sizeBytes())
                .put("max_size_bytes", st.maxSizeBytes()).put("last_seq", st.lastSeq())
                .put("append_failures", st.appendFailures()).put("writable", st.writable())
                .put("dead_letters", st.deadLetters());
        if (st.unwritableSince() != null) {
            storeNode.put("unwritable_since", st.unwritableSince()).put("write_error", st.writeError());
        }
        if (st.recovery() != null) {
            storeNode.put("recovery", st.recovery());
        }
        if (st.alertsInMemory() > 0) {
            storeNode.put("alerts_in_memory", st.alertsInMemory()); // published from memory meanwhile
        }
        // the gaps the gateway itself caused (DESIGN.md: announced on R/G/health)
        ObjectNode evictions = h.putObject("evictions");
        evictions.put("count", st.evictedMessages());
        var ranges = evictions.putArray("ranges");
        for (long[] range : st.evictedRanges()) {
            ranges.addArray().add(range[0]).add(range[1]);
        }
        ObjectNode uplink = h.putObject("uplink").put("server", r.uplink().server())
                .put("reconnects", r.uplink().reconnects()).put("inflight", r.uplink().inflight())
                .put("ack_timeouts", r.uplink().ackTimeouts());
        StatusReport.Certificate cert = r.uplink().certificate();
        if (cert != null) {
            ObjectNode c = uplink.putObject("certificate").put("renew_soon", cert.renewSoon());
            if (cert.notAfter() != null) {
                c.put("not_after", cert.notAfter()).put("days_left", cert.daysLeft());
            } else {
                c.put("error", cert.error());
            }
        }
        ObjectNode sensorsNode = h.putObject("sensors");
        for (StatusReport.Sensor s : r.sensors()) {
            ObjectNode n = sensorsNode.putObject(s.id());
            n.put("state", s.state());
            ObjectNode c = n.putObject("counters");
            new TreeMap<>(s.counters()).forEach(c::put);
        }
        h.putObject("clock").put("synced", r.clock().synced()).put("reason", r.clock().reason());
        ObjectNode threads = h.putObject("threads");
        for (StatusReport.Part t : r.threads()) {
            ObjectNode n = threads.putObject(t.name()).put("state", t.state()).put("restarts", t.restarts());
            if (t.lastError() != null && !t.state().equals("running")) {
                n.put("last_error", t.lastError());
            }
        }
        if (r.config() != null) {
            StatusReport.Config c = r.config();
            ObjectNode cfg = h.putObject("config").put("version", c.version()).put("hash", c.hash())
                    .put("source", c.source());
            if (c.probation() != null) {
                cfg.put("probation_until", c.probation());
            }
            if (!c.commands().isEmpty()) {
                ObjectNode n = h.putObject("commands");
                new TreeMap<>(c.commands()).forEach(n::put);
            }
        }
        ObjectNode alarms = h.putObject("alarms");
        r.alarms().forEach(a -> alarms.put(a.rule(), a.level()));
        try {
            return JSON.writeValueAsBytes(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
