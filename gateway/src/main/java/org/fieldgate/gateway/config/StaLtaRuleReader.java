package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DurationText;

/** {@code sta_lta: {…}} on a whole waveform sensor (docs/seismic.md); no hysteresis. */
final class StaLtaRuleReader implements ConditionReader {

    /** Longest sta_lta windows: their samples are kept in memory, in a 64 MB heap. */
    static final Duration MAX_LTA = Duration.ofMinutes(5);
    static final Duration MAX_EVENT = Duration.ofMinutes(10);
    private static final List<String> KEYS = List.of("sta", "lta", "trigger_on", "trigger_off", "method",
            "axis", "bandpass", "min_duration", "max_duration", "pre", "post");

    private final RuleInputs inputs;

    StaLtaRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String sensor = inputs.bareSensor(rule, "sta_lta");
        inputs.noHysteresis(rule, "sta_lta");
        SensorConfig waveform = sensor == null ? null : inputs.waveformSensor(rule, sensor);
        RuleCondition.StaLta trigger = staLta(rule, waveform);
        if (waveform == null || trigger == null) {
            return null;
        }
        return new Read(sensor, null, trigger);
    }

    private Problems problems() {
        return inputs.problems();
    }

    /**
     * The key that holds a trigger ratio: {@code name}, or its old name ({@code on}/{@code off},
     * which every YAML 1.1 tool reads as a boolean) with a warning; both at once is an error.
     */
    private String triggerKey(YamlMapping m, String name, String old) {
        if (!m.has(old)) {
            return name;
        }
        if (m.has(name)) {
            m.take(old);
            problems().add(m.path(old), "give " + name + " only (" + old + " is its old name)");
            return name;
        }
        problems().warn(m.path(old), "renamed " + name + ": YAML 1.1 tools (PyYAML, Ansible, Ruby) read " + old
                + " as a boolean and write it back as " + (old.equals("on") ? "true" : "false")
                + "; still read, write " + name);
        return old;
    }

    /** {@code sta_lta: {…}}; null after a problem. */
    private RuleCondition.StaLta staLta(YamlMapping rule, SensorConfig sensor) {
        YamlMapping m = rule.mapping("sta_lta");
        if (m == null) {
            return null;
        }
        int before = problems().count();
        Duration sta = m.duration("sta", null, false);
        Duration lta = m.duration("lta", null, false);
        String onKey = triggerKey(m, "trigger_on", "on");
        String offKey = triggerKey(m, "trigger_off", "off");
        Double on = m.number(onKey);
        Double off = m.number(offKey);
        for (String key : List.of("sta", "lta", onKey, offKey)) {
            if (!m.has(key)) {
                problems().add(m.path(key), "required" + switch (key) {
                    case "sta" -> ": the short-term window, e.g. 1s";
                    case "lta" -> ": the long-term window, e.g. 10s";
                    case "trigger_on" -> ": the STA/LTA ratio that starts an event, e.g. 3.5";
                    default -> ": the ratio at or below which the event ends, e.g. 1.5";
                });
            }
        }
        if (sta != null && lta != null && sta.compareTo(lta) >= 0) {
            problems().add(m.path("lta"), "must be longer than sta (" + DurationText.format(sta) + ")");
        }
        if (lta != null && lta.compareTo(MAX_LTA) > 0) {
            problems().add(m.path("lta"), "at most " + DurationText.format(MAX_LTA) + " (its samples are kept in memory),"
                    + " got " + DurationText.format(lta));
        }
        if (on != null && !(on > 1)) {
            problems().add(m.path(onKey), "must be above 1 (a ratio of short- to long-term energy), got " + on);
        }
        if (off != null && !(off > 0)) {
            problems().add(m.path(offKey), "must be above 0, got " + off);
        }
        if (on != null && off != null && off > on) {
            problems().add(m.path(offKey), off + " must not be above trigger_on (" + on + ")");
        }
        String method = m.string("method", "classic");
        if (!method.equals("classic") && !method.equals("recursive")) {
            problems().add(m.path("method"), "expected classic or recursive (ObsPy's definitions), got '" + method + "'");
        }
        String axis = m.string("axis", "vector");
        List<String> axes = sensor == null ? List.of() : sensor.channels().stream().filter(ChannelSpec::waveform)
                .map(ChannelSpec::name).toList();
        if (sensor != null && !axis.equals("vector") && !axis.equals("any") && !axes.contains(axis)) {
            problems().add(m.path("axis"), "expected vector, any or an axis of " + sensor.id() + " ("
                    + String.join(", ", axes) + "), got '" + axis + "'");
        }
        double[] bandpass = bandpass(m);
        Duration minDuration = m.duration("min_duration", Duration.ZERO, true);
        Duration maxDuration = m.duration("max_duration", Duration.ofMinutes(2), false);
        Duration pre = m.duration("pre", Duration.ofSeconds(10), true);
        Duration post = m.duration("post", Duration.ofSeconds(30), true);
        if (maxDuration.compareTo(MAX_EVENT) > 0) {
            problems().add(m.path("max_duration"), "at most " + DurationText.format(MAX_EVENT) + " (the event window is"
                    + " kept in memory), got " + DurationText.format(maxDuration));
        }
        if (minDuration.compareTo(maxDuration) >= 0) {
            problems().add(m.path("min_duration"), "must be shorter than max_duration ("
                    + DurationText.format(maxDuration) + ")");
        }
        for (String key : List.of("pre", "post")) {
            Duration d = key.equals("pre") ? pre : post;
            if (d.compareTo(Duration.ofMinutes(5)) > 0) {
                problems().add(m.path(key), "at most 5m (the window is kept in memory), got " + DurationText.format(d));
            }
        }
        m.finish(KEYS);
        if (problems().count() != before || sta == null || lta == null || on == null || off == null) {
            return null;
        }
        return new RuleCondition.StaLta(sta, lta, on, off, RuleCondition.StaLta.Method.valueOf(method.toUpperCase(
                java.util.Locale.ROOT)), axis, bandpass, minDuration, maxDuration, pre, post);
    }

    /** {@code bandpass: [low, high]} in Hz, or null when absent or wrong (reported). */
    private double[] bandpass(YamlMapping m) {
        if (!m.has("bandpass")) {
            return null;
        }
        String path = m.path("bandpass");
        List<JsonNode> items = m.list("bandpass");
        if (items.size() != 2 || !items.get(0).isNumber() || !items.get(1).isNumber()) {
            problems().add(path, "expected two corner frequencies in Hz, [low, high], e.g. [0.5, 10]");
            return null;
        }
        double low = items.get(0).doubleValue();
        double high = items.get(1).doubleValue();
        if (!(low > 0) || !(high > low)) {
            problems().add(path, "need 0 < low < high, got [" + low + ", " + high + "]");
            return null;
        }
        return new double[] {low, high};
    }
}
