package org.fieldgate.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    private final RuleEngine engine = new RuleEngine(List.of(
            new RuleConfig("flood", "wl1", "stage_m", List.of(new Level("BD1", 9.5, null)), 0, Duration.ZERO, List.of()),
            new RuleConfig("flood-high", "wl1", "stage_m", List.of(new Level("high", 10.0, null)), 0, Duration.ZERO,
                    List.of()),
            new RuleConfig("air", "aq1", "vn_aqi", List.of(new Level("Kem", 100.0, null)), 0, Duration.ZERO,
                    List.of())));

    @Test
    void routesAReadingToEveryRuleOnItsInputOnly() {
        assertThat(engine.evaluate("wl1", new Reading("distance_m", 1, 99, Quality.OK))).isEmpty();
        assertThat(engine.evaluate("wl2", new Reading("stage_m", 1, 99, Quality.OK))).isEmpty();
        assertThat(engine.evaluate("wl1", new Reading("stage_m", 2, 10.2, Quality.OK)))
                .extracting(AlertEvent::rule).containsExactly("flood", "flood-high");
        assertThat(engine.evaluate("aq1", new Reading("vn_aqi", 3, 150, Quality.OK)))
                .extracting(AlertEvent::rule, AlertEvent::sensor, AlertEvent::channel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("air", "aq1", "vn_aqi"));
        assertThat(engine.evaluate("wl1", new Reading("stage_m", 4, 9.7, Quality.OK)))
                .extracting(AlertEvent::rule, AlertEvent::state).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("flood-high", "cleared"));
    }

    @Test
    void listsRulesInConfigOrder() {
        assertThat(engine.rules()).extracting(Rule::id).containsExactly("flood", "flood-high", "air");
        assertThat(engine.watches("wl1")).isTrue();
        assertThat(engine.watches("seis1")).isFalse();
    }
}
