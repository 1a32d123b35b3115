package org.fieldgate.gateway.contract;

import java.util.Objects;

/**
 * The MQTT topics of one gateway (DESIGN.md, MQTT contract v1): {@code root/gw/...}.
 *
 * @param root topic root, e.g. {@code ews} (may itself contain {@code /})
 * @param gw   gateway id, one topic level
 */
public record Topics(String root, String gw) {

    public Topics {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(gw, "gw");
        if (root.isEmpty() || root.startsWith("/") || root.endsWith("/") || hasWildcard(root)) {
            throw new IllegalArgumentException("topic root '" + root + "' must be non-empty, without leading or"
                    + " trailing '/' and without '+' or '#'");
        }
        requireLevel("gateway id", gw);
    }

    /** {@code R/G/state}: retained birth and last will. */
    public String state() {
        return prefix() + "state";
    }

    /** {@code R/G/telemetry/{sensor}}. */
    public String telemetry(String sensor) {
        return prefix() + "telemetry/" + requireLevel("sensor id", sensor);
    }

    /** {@code R/G/alert/{rule}}: alert events. */
    public String alert(String rule) {
        return prefix() + "alert/" + requireLevel("rule id", rule);
    }

    /** {@code R/G/alarm/{rule}}: retained current state of a rule. */
    public String alarm(String rule) {
        return prefix() + "alarm/" + requireLevel("rule id", rule);
    }

    /** {@code R/G/event/{rule}}: the waveform window of an earthquake trigger's event (alert lane). */
    public String event(String rule) {
        return prefix() + "event/" + requireLevel("rule id", rule);
    }

    /** {@code R/G/mseed/{sensor}}: miniSEED 2 records of a waveform sensor. */
    public String mseed(String sensor) {
        return prefix() + "mseed/" + requireLevel("sensor id", sensor);
    }

    /**
     * {@code R/G/action/{output}}: an action on a local output that no alarm asked for (a crew's siren
     * test), alert lane.
     */
    public String action(String output) {
        return prefix() + "action/" + requireLevel("output id", output);
    }

    /** {@code R/G/reply/{id}}: the answer to command {@code id}. */
    public String reply(String id) {
        return prefix() + "reply/" + requireLevel("command id", id);
    }

    /** {@code R/G/health}. */
    public String health() {
        return prefix() + "health";
    }

    /** {@code R/G/cmd/{name}}; {@code cmd("+")} gives the subscription filter for every command. */
    public String cmd(String name) {
        if (!"+".equals(name)) {
            requireLevel("command name", name);
        }
        return prefix() + "cmd/" + name;
    }

    private String prefix() {
        return root + "/" + gw + "/";
    }

    private static String requireLevel(String what, String level) {
        if (level == null || level.isEmpty() || level.indexOf('/') >= 0 || hasWildcard(level)) {
            throw new IllegalArgumentException(what + " '" + level + "' is not a single MQTT topic level");
        }
        return level;
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
    }
}
