package org.fieldgate.gateway.outputs;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.pipeline.Pipeline;

/**
 * Where the output controller reads alarms, sends acknowledgements and records what it did with no
 * alarm asking: the pipeline, or a stand-in in tests.
 *
 * @param alarms      per rule id, the current alarm
 * @param acknowledge acknowledges a rule's active alarm; false when it has none
 * @param actions     publishes an action on an output (a siren test)
 */
public record AlarmSource(Supplier<Map<String, AlarmSnapshot>> alarms, BiPredicate<String, String> acknowledge,
                          ActionRecord actions) {

    public AlarmSource {
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(acknowledge, "acknowledge");
        Objects.requireNonNull(actions, "actions");
    }

    /** A source whose actions go nowhere (tests of alarms only). */
    public AlarmSource(Supplier<Map<String, AlarmSnapshot>> alarms, BiPredicate<String, String> acknowledge) {
        this(alarms, acknowledge, (output, action, seconds, by) -> { });
    }

    public static AlarmSource of(Pipeline pipeline) {
        return new AlarmSource(pipeline::alarms, pipeline::acknowledge, pipeline::recordOutputAction);
    }

    /** Publishes an action on an output ({@link Pipeline#recordOutputAction}). */
    @FunctionalInterface
    public interface ActionRecord {
        void record(String output, String action, int seconds, String by);
    }
}
