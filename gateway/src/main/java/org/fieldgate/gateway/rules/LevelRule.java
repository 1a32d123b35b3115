package org.fieldgate.gateway.rules;

import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * Ordered threshold levels on one channel ({@code levels:} with {@code above:} or {@code below:},
 * {@code hysteresis:}, {@code hold:}).
 *
 * <p>Each level is a trigger with hysteresis: it switches on when the value goes past its threshold
 * ({@code > above}, {@code < below}) and off only when the value goes back past
 * threshold ∓ hysteresis ({@code < above - h}, {@code > below + h}). A trigger's new state counts
 * only once it has lasted {@code hold} without interruption, measured in reading time; so a raise
 * and a clear both need the condition to hold that long. The level in force is the highest level
 * whose held state is on. A change of that level is one event: {@code raised} (from none),
 * {@code escalated}, {@code deescalated}, {@code cleared} (back to none).
 *
 * <p>Only readings of quality {@code ok} (any quality with {@code quality: any}) with a finite value are looked at; the others do
 * not change any state, not even the hold timers. Deterministic: the result depends only
 * on the readings given, in order (so recorded data can be replayed). Thread-safe.
 */
final class LevelRule extends TrackedRule {


    public LevelRule(RuleConfig config, RuleCondition.Levels condition) {
        super(config, condition.hysteresis(), config.hold());
    }

    public String sensor() {
        return config.sensor();
    }

    public String channel() {
        return config.channel();
    }

    @Override
    public Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        return evaluate(reading);
    }

    /**
     * Takes one reading of this rule's input channel, in time order.
     *
     * @return the alert event when the level in force changed
     */
    public synchronized Optional<AlertEvent> evaluate(Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        int previous = track.update(reading.value(), reading.time());
        return Optional.ofNullable(track.event(previous, config.sensor(), config.channel(), reading.value(), 0,
                reading.time(), true));
    }

}
