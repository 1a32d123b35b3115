package org.fieldgate.gateway.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/** Renders a status report (as JSON read from the API) for a terminal: what a field crew reads. */
public final class StatusText {

    private StatusText() {
    }

    public static String render(JsonNode s) {
        StringBuilder out = new StringBuilder();
        long now = s.path("now").asLong(System.currentTimeMillis());
        out.append(String.format(Locale.ROOT, "fieldgate %s  version %s  up %s%n", s.path("gw").asText("?"),
                s.path("version").asText("?"), duration(s.path("uptime_s").asLong())));

        JsonNode clock = s.path("clock");
        if (clock.isObject() && !clock.path("synced").asBoolean()) {
            out.append("clock     NOT SYNCED: ").append(clock.path("reason").asText())
                    .append("; readings are marked unsynced\n");
        }
        JsonNode config = s.path("config");
        if (config.isObject()) {
            String hash = config.path("hash").asText();
            out.append(String.format(Locale.ROOT, "config    %s (%s)%s%n",
                    config.path("source").asText().equals("remote") ? "remote version " + config.path("version").asInt()
                            : "local file", hash.length() > 19 ? hash.substring(0, 19) + "…" : hash,
                    config.path("probation").isNumber() ? "; ON PROBATION until "
                            + Instant.ofEpochMilli(config.path("probation").asLong()) : ""));
        }
        JsonNode up = s.path("uplink");
        String link = up.path("connected").asBoolean()
                ? "connected to " + up.path("server").asText()
                : "DISCONNECTED" + (up.path("last_error").isTextual() ? " (" + up.path("last_error").asText() + ")" : "");
        out.append(String.format(Locale.ROOT, "uplink    %s; published %d, acked %d, reconnects %d%n", link,
                up.path("published").asLong(), up.path("acked").asLong(), up.path("reconnects").asLong()));
        JsonNode cert = up.path("certificate");
        if (cert.isObject()) {
            out.append("cert      ").append(cert.path("not_after").isNumber()
                    ? cert.path("subject").asText() + " until " + Instant.ofEpochMilli(cert.path("not_after").asLong())
                    + " (" + cert.path("days_left").asLong() + " days)"
                    + (cert.path("renew_soon").asBoolean() ? ": RENEW SOON (fieldgate-provision identity)" : "")
                    : "UNREADABLE: " + cert.path("error").asText()).append('\n');
        }
        if (s.path("local_broker").isTextual()) {
            out.append("broker    local broker on ").append(s.path("local_broker").asText()).append('\n');
        }
        JsonNode b = s.path("backlog");
        out.append(String.format(Locale.ROOT, "backlog   %d messages (%s)%s%s%n", b.path("messages").asLong(),
                bytes(b.path("bytes").asLong()),
                b.path("oldest_age_s").isNumber() ? ", oldest " + duration(b.path("oldest_age_s").asLong()) + " old" : "",
                b.path("drain_estimate_s").isNumber() && b.path("messages").asLong() > 0
                        ? ", sent in about " + duration(b.path("drain_estimate_s").asLong()) : ""));
        JsonNode st = s.path("store");
        out.append(String.format(Locale.ROOT, "store     %s  %s of %s, last seq %d%s%n", st.path("path").asText(),
                bytes(st.path("size_bytes").asLong()), bytes(st.path("max_size_bytes").asLong()),
                st.path("last_seq").asLong(),
                st.path("append_failures").asLong() > 0 ? ", " + st.path("append_failures").asLong() + " STORE FAILURES" : ""));
        if (st.has("writable") && !st.path("writable").asBoolean(true)) {
            out.append(String.format(Locale.ROOT, "          NOT STORING since %s: %s (rules and alarms keep running)%n",
                    Instant.ofEpochMilli(st.path("unwritable_since").asLong()), st.path("write_error").asText()));
        }
        if (st.path("alerts_in_memory").asInt() > 0) {
            out.append(String.format(Locale.ROOT, "          %d ALERT(S) NOT STORED: sent from memory until the store writes again%n",
                    st.path("alerts_in_memory").asInt()));
        }
        if (st.path("evicted_messages").asLong() > 0 || st.path("dead_letters").asLong() > 0) {
            out.append(String.format(Locale.ROOT, "          %d telemetry message(s) evicted under the budget, %d dead-lettered%n",
                    st.path("evicted_messages").asLong(), st.path("dead_letters").asLong()));
        }
        if (st.path("recovery").isTextual()) {
            out.append("          REPAIRED AT START: ").append(st.path("recovery").asText()).append('\n');
        }

        out.append(String.format(Locale.ROOT, "%nSENSORS%n"));
        for (JsonNode sensor : s.path("sensors")) {
            StringBuilder last = new StringBuilder();
            for (JsonNode c : sensor.path("last")) {
                last.append(c.path("ch").asText()).append('=').append(number(c.path("val").asDouble()));
                if (!"ok".equals(c.path("q").asText())) {
                    last.append('(').append(c.path("q").asText()).append(')');
                }
                last.append(' ');
            }
            String age = sensor.path("last_t").isNumber()
                    ? "(" + duration(Math.max(0, (now - sensor.path("last_t").asLong()) / 1000)) + " ago)" : "no reading yet";
            out.append(String.format(Locale.ROOT, "  %-12s %-16s %-8s %s%s%n", sensor.path("id").asText(),
                    sensor.path("driver").asText(), sensor.path("state").asText(), last, age));
        }

        out.append(String.format(Locale.ROOT, "%nALARMS%n"));
        if (s.path("alarms").isEmpty()) {
            out.append("  none active\n");
        }
        for (JsonNode a : s.path("alarms")) {
            out.append(String.format(Locale.ROOT, "  %-12s %s (severity %d) since %s  %s.%s=%s, threshold %s%n",
                    a.path("rule").asText(), a.path("level").asText(), a.path("severity").asInt(),
                    Instant.ofEpochMilli(a.path("since").asLong()), a.path("sensor").asText(), a.path("ch").asText(),
                    number(a.path("value").asDouble()), number(a.path("threshold").asDouble())));
            JsonNode shaking = a.path("shaking");
            if (shaking.isObject()) {
                out.append(String.format(Locale.ROOT, "               shaking since %s: PGA %s m/s2, PGV %s m/s, MMI %s%n",
                        Instant.ofEpochMilli(shaking.path("onset").asLong()), number(shaking.path("pga").asDouble()),
                        number(shaking.path("pgv").asDouble()), number(shaking.path("mmi").asDouble())));
            }
            if (a.path("acknowledged_by").isTextual()) {
                out.append("               acknowledged by ").append(a.path("acknowledged_by").asText())
                        .append(": local outputs silent until it clears or escalates\n");
            }
        }
        outputs(s.path("outputs"), out);
        threads(s.path("threads"), out);
        return out.toString();
    }

    /** One line per siren, beacon or relay, when the site has any. */
    private static void outputs(JsonNode outputs, StringBuilder out) {
        if (!outputs.isArray() || outputs.isEmpty()) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%nOUTPUTS%n"));
        for (JsonNode o : outputs) {
            String state = o.path("state").asText();
            StringBuilder line = new StringBuilder(state.equals("unavailable") ? "UNAVAILABLE" : state);
            if (o.path("testing").asBoolean()) {
                line.append(" (testing)");
            }
            if (o.path("error").isTextual()) {
                line.append(": ").append(o.path("error").asText());
            }
            if (o.path("rules").isArray() && !o.path("rules").isEmpty()) {
                StringBuilder rules = new StringBuilder();
                o.path("rules").forEach(r -> rules.append(rules.isEmpty() ? "" : ", ").append(r.asText()));
                line.append("  (rules ").append(rules).append(')');
            }
            out.append(String.format(Locale.ROOT, "  %-20s %s%n", o.path("id").asText(), line));
        }
    }

    /** One line per supervised part; a dead one in capitals (the gateway is about to restart). */
    private static void threads(JsonNode threads, StringBuilder out) {
        if (!threads.isArray() || threads.isEmpty()) {
            return; // a gateway from before supervision
        }
        out.append(String.format(Locale.ROOT, "%nTHREADS%n"));
        for (JsonNode t : threads) {
            String state = t.path("state").asText();
            StringBuilder line = new StringBuilder(state.equals("dead") ? "DEAD" : state);
            long restarts = t.path("restarts").asLong();
            if (restarts > 0) {
                line.append(String.format(Locale.ROOT, ", %d restart%s", restarts, restarts == 1 ? "" : "s"));
            }
            if (t.path("last_error").isTextual()) {
                line.append(state.equals("running") ? "; last error: " : ": ").append(t.path("last_error").asText());
            }
            out.append(String.format(Locale.ROOT, "  %-20s %s%n", t.path("name").asText(), line));
        }
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + (seconds % 60) + "s";
        }
        if (seconds < 86400) {
            return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
        }
        return (seconds / 86400) + "d" + (seconds % 86400 / 3600) + "h";
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
