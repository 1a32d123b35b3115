package org.fieldgate.gateway.config;

import java.util.List;

/**
 * A whole, validated gateway config (the YAML contract in DESIGN.md). Built only by
 * {@link ConfigLoader}; every nested value is immutable and already checked.
 */
public record FieldgateConfig(
        GatewaySection gateway,
        UplinkSection uplink,
        LocalBrokerSection localBroker,
        StorageSection storage,
        StatusSection status,
        PipelineSection pipeline,
        List<SensorConfig> sensors,
        List<RuleConfig> rules,
        List<OutputConfig> outputs) {

    /** A config built in code without an uplink or pipeline section gets the default one. */
    public FieldgateConfig {
        uplink = uplink != null ? uplink : UplinkSection.defaults();
        pipeline = pipeline != null ? pipeline : PipelineSection.defaults();
        sensors = List.copyOf(sensors);
        rules = List.copyOf(rules);
        outputs = List.copyOf(outputs);
    }

    /** The sensor with this id, if any. */
    public java.util.Optional<SensorConfig> sensor(String id) {
        return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
