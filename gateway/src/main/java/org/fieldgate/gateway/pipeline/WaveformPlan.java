package org.fieldgate.gateway.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.config.WaveformUplink;

/**
 * Per waveform sensor, what the pipeline does with its samples beyond the rules: its uplink settings
 * and the earthquake triggers whose event windows it records.
 */
record WaveformPlan(Map<String, WaveformUplink> uplink, Map<String, Map<String, RuleCondition.StaLta>> windows) {

    static WaveformPlan none() {
        return new WaveformPlan(Map.of(), Map.of());
    }

    static WaveformPlan of(FieldgateConfig config) {
        Map<String, WaveformUplink> uplink = new HashMap<>();
        for (SensorConfig s : config.sensors()) {
            uplink.put(s.id(), s.waveform());
        }
        Map<String, Map<String, RuleCondition.StaLta>> windows = new HashMap<>();
        for (RuleConfig r : config.rules()) {
            if (r.sendsEventWindow()) {
                windows.computeIfAbsent(r.sensor(), s -> new LinkedHashMap<>())
                        .put(r.id(), (RuleCondition.StaLta) r.condition());
            }
        }
        return new WaveformPlan(Map.copyOf(uplink), Map.copyOf(windows));
    }

    WaveformUplink uplink(String sensor) {
        return uplink.getOrDefault(sensor, WaveformUplink.DEFAULT);
    }

    EventWindows windows(String sensor) {
        return new EventWindows(sensor, windows.getOrDefault(sensor, Map.of()));
    }
}
