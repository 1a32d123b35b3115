package org.fieldgate.gateway.outputs;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.pipeline.Pipeline;

/**
 * Where the output controller reads alarms and sends acknowledgements: the pipeline, or a stand-in
 * in tests.
 *
 * @param alarms      per rule id, the current alarm
 * @param acknowledge acknowledges a rule's active alarm; false when it has none
 */
public record AlarmSource(Supplier<Map<String, AlarmSnapshot>> alarms, BiPredicate<String, String> acknowledge) {

    public AlarmSource {
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(acknowledge, "acknowledge");
    }

    public static AlarmSource of(Pipeline pipeline) {
        return new AlarmSource(pipeline::alarms, pipeline::acknowledge);
    }
}
