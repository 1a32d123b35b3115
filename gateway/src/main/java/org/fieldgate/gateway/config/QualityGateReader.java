package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.ChannelSpec;

/** {@code quality_gate: { <channel>: { range: [min, max], spike, flat, gap } }} of one sensor entry. */
final class QualityGateReader {

    private static final List<String> KEYS = List.of("range", "spike", "flat", "gap");

    private final Problems problems;

    QualityGateReader(Problems problems) {
        this.problems = problems;
    }

    Map<String, QualityGateConfig> read(YamlMapping gate, SensorConfig sensor) {
        Map<String, QualityGateConfig> out = new LinkedHashMap<>();
        for (String channel : gate.keys()) {
            YamlMapping m = gate.mapping(channel);
            if (m == null) {
                continue;
            }
            ChannelSpec spec = sensor.channel(channel).orElse(null);
            if (spec == null || spec.waveform()) {
                problems.add(gate.path(channel), "sensor " + sensor.id() + " has no scalar channel '" + channel + "' ("
                        + String.join(", ", sensor.channels().stream().filter(c -> !c.waveform()).map(ChannelSpec::name)
                        .toList()) + ")");
                continue; // its keys are not judged: the channel is the problem
            }
            Double min = null;
            Double max = null;
            if (m.has("range")) {
                List<JsonNode> r = m.list("range");
                if (r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()
                        || !(r.get(0).doubleValue() < r.get(1).doubleValue())) {
                    problems.add(m.path("range"), "expected [min, max] with min < max, in the channel's unit, e.g. [-2, 8]");
                } else {
                    min = r.get(0).doubleValue();
                    max = r.get(1).doubleValue();
                }
            }
            Double spike = m.number("spike");
            if (spike != null && !(spike > 0)) {
                problems.add(m.path("spike"), "must be above 0 (the largest believable step from the recent median), got "
                        + spike);
            }
            Duration flat = m.duration("flat", null, false);
            Duration gap = m.duration("gap", null, false);
            m.finish(KEYS);
            out.put(channel, new QualityGateConfig(min, max, spike, flat, gap));
        }
        return out;
    }
}
