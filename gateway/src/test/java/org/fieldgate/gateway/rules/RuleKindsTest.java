package org.fieldgate.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleCondition.Clause;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.junit.jupiter.api.Test;

class RuleKindsTest {

    private static final long MIN = 60_000;

    private static RuleConfig rate(double above, Duration hold, boolean anyQuality) {
        return new RuleConfig("rise", "wl1", "stage_m", hold, List.of(), anyQuality,
                new RuleCondition.Rate(new Level("rise", above, null), Duration.ofHours(1), Duration.ofMinutes(15), 0));
    }

    private static RuleConfig rule(String id, String sensor, String channel, RuleCondition condition, Duration hold) {
        return new RuleConfig(id, sensor, channel, hold, List.of(), false, condition);
    }

    private static Reading ok(long t, double v) {
        return new Reading("stage_m", t, v, Quality.OK);
    }

    @Test
    void rateRaisesOnASteadyRiseAndClearsWhenItLevelsOff() {
        RuleEngine engine = new RuleEngine(List.of(rate(0.3, Duration.ZERO, false)));
        List<AlertEvent> events = new ArrayList<>();
        double v = 9.0;
        for (int i = 0; i <= 120; i++) { // one reading a minute: flat 30 min, +0.5 m/h 60 min, flat 30 min
            if (i > 30 && i <= 90) {
                v += 0.5 / 60;
            }
            events.addAll(engine.evaluate("wl1", ok(i * MIN, v)));
        }
        assertThat(events).extracting(AlertEvent::state).containsExactly("raised", "cleared");
        assertThat(events.get(0).value()).as("the rate that crossed").isBetween(0.3, 0.5);
        assertThat(events.get(0).threshold()).isEqualTo(0.3);
        assertThat(events.get(0).time()).isBetween(31 * MIN, 45 * MIN);
        assertThat(events.get(1).time()).isBetween(90 * MIN, 105 * MIN);
    }

    @Test
    void rateIgnoresSingleSampleSpikesAndNoise() {
        RuleEngine engine = new RuleEngine(List.of(rate(0.3, Duration.ZERO, false)));
        Random random = new Random(42);
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i <= 600; i++) { // flat water, ±2 cm noise, a 1 m spike every 50 minutes
            double v = 9.0 + (random.nextDouble() - 0.5) * 0.04 + (i % 50 == 25 ? 1.0 : 0);
            events.addAll(engine.evaluate("wl1", ok(i * MIN, v)));
        }
        assertThat(events).isEmpty();
    }

    @Test
    void rateNeedsHalfAWindowOfReadingsBeforeJudging() {
        RuleEngine engine = new RuleEngine(List.of(rate(0.3, Duration.ZERO, false)));
        assertThat(engine.evaluate("wl1", ok(0, 9.0))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(MIN, 10.0))).as("1 m in a minute, but only 2 readings").isEmpty();
        assertThat(engine.evaluate("wl1", ok(8 * MIN, 11.0))).extracting(AlertEvent::state).containsExactly("raised");
    }

    @Test
    void silentRaisesOnTickAndClearsOnTheNextReading() {
        RuleEngine engine = new RuleEngine(List.of(rule("quiet", "wl1", null, new RuleCondition.Silent(Duration.ofMinutes(5)), null)));
        assertThat(engine.tick(0)).isEmpty();
        assertThat(engine.evaluate("wl1", new Reading("battery_v", MIN, 12.5, Quality.OK))).isEmpty();
        assertThat(engine.tick(5 * MIN)).as("4 minutes after the reading").isEmpty();
        List<AlertEvent> raised = engine.tick(6 * MIN);
        assertThat(raised).extracting(AlertEvent::state, AlertEvent::sensor, AlertEvent::value, AlertEvent::threshold)
                .containsExactly(tuple("raised", "wl1", 300.0, 300.0));
        assertThat(engine.tick(7 * MIN)).as("one raise only").isEmpty();
        assertThat(engine.evaluate("wl1", new Reading("stage_m", 8 * MIN, 1, Quality.SUSPECT)))
                .as("a suspect reading is not a valid one").isEmpty();
        assertThat(engine.evaluate("wl1", ok(9 * MIN, 1))).extracting(AlertEvent::state).containsExactly("cleared");
        assertThat(engine.evaluate("wl2", ok(9 * MIN, 1))).isEmpty();
    }

    @Test
    void silentCountsFromTheFirstTickWhenNothingCameYet() {
        RuleEngine engine = new RuleEngine(List.of(rule("quiet", "wl1", null, new RuleCondition.Silent(Duration.ofMinutes(5)), null)));
        assertThat(engine.tick(100 * MIN)).isEmpty();
        assertThat(engine.tick(105 * MIN)).extracting(AlertEvent::state).containsExactly("raised");
    }

    @Test
    void stuckRaisesWhenTheValueDoesNotMoveBeyondTheTolerance() {
        RuleEngine engine = new RuleEngine(List.of(rule("frozen", "wl1", "stage_m",
                new RuleCondition.Stuck(Duration.ofHours(2), 0.005), Duration.ZERO)));
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i <= 130; i++) {
            events.addAll(engine.evaluate("wl1", ok(i * MIN, 9.0 + (i % 2) * 0.004)));
        }
        assertThat(events).extracting(AlertEvent::state, AlertEvent::time).containsExactly(tuple("raised", 120 * MIN));
        assertThat(engine.evaluate("wl1", ok(131 * MIN, 9.1))).extracting(AlertEvent::state)
                .containsExactly("cleared");
    }

    @Test
    void anyAndAllCombineConditionsOnSeveralSensors() {
        List<Clause> conditions = List.of(new Clause("wl1", "stage_m", 10.5, null),
                new Clause("rg1", "rain_mm_h", 50.0, null));
        RuleEngine engine = new RuleEngine(List.of(
                rule("either", null, null, new RuleCondition.Combined(false, conditions, 0), Duration.ZERO),
                rule("both", null, null, new RuleCondition.Combined(true, conditions, 0), Duration.ZERO)));

        assertThat(engine.evaluate("wl1", ok(1, 10.6))).extracting(AlertEvent::rule, AlertEvent::state)
                .containsExactly(tuple("either", "raised"));
        List<AlertEvent> rain = engine.evaluate("rg1", new Reading("rain_mm_h", 2, 60, Quality.OK));
        assertThat(rain).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::sensor, AlertEvent::threshold)
                .containsExactly(tuple("both", "raised", "rg1", 50.0));
        assertThat(engine.evaluate("wl1", ok(3, 10.0))).extracting(AlertEvent::rule, AlertEvent::state)
                .containsExactly(tuple("both", "cleared"));
        assertThat(engine.evaluate("rg1", new Reading("rain_mm_h", 4, 10, Quality.OK)))
                .extracting(AlertEvent::rule, AlertEvent::state).containsExactly(tuple("either", "cleared"));
    }

    /** The near-field pattern of docs/sea-level.md: a local earthquake, then the sea falling. */
    private static RuleEngine nearField() {
        RuleConfig quake = new RuleConfig("quake", "acc1", "pga", List.of(new Level("strong", 1.0, null)), 0,
                Duration.ZERO, List.of());
        List<Clause> clauses = List.of(Clause.onRule("quake", Duration.ofMinutes(30)),
                new Clause("tg1", "sea_level_m", null, -0.5));
        return new RuleEngine(List.of(quake,
                rule("near-field", null, null, new RuleCondition.Combined(true, clauses, 0), Duration.ZERO)));
    }

    private static Reading reading(String channel, long t, double v) {
        return new Reading(channel, t, v, Quality.OK);
    }

    @Test
    void allWatchesAnotherRulesAlarmForItsWithinAfterItWasRaised() {
        RuleEngine engine = nearField();
        assertThat(engine.evaluate("acc1", reading("pga", 0, 2.5))).extracting(AlertEvent::rule, AlertEvent::state)
                .containsExactly(tuple("quake", "raised"));
        assertThat(engine.evaluate("acc1", reading("pga", 20_000, 0.1))).extracting(AlertEvent::rule, AlertEvent::state)
                .as("the shaking ends in seconds").containsExactly(tuple("quake", "cleared"));
        assertThat(engine.evaluate("tg1", reading("sea_level_m", 5 * MIN, -0.2))).isEmpty();
        List<AlertEvent> falling = engine.evaluate("tg1", reading("sea_level_m", 12 * MIN, -0.8));
        assertThat(falling).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::sensor, AlertEvent::threshold)
                .as("the sea withdraws within 30 minutes of the quake")
                .containsExactly(tuple("near-field", "raised", "tg1", -0.5));
        assertThat(engine.tick(29 * MIN)).isEmpty();
        List<AlertEvent> lapsed = engine.tick(31 * MIN);
        assertThat(lapsed).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::sensor, AlertEvent::time)
                .as("within lapses with time alone").containsExactly(tuple("near-field", "cleared", "tg1", 31 * MIN));
    }

    @Test
    void allRaisesInTheSameStepAsTheWatchedRule() {
        RuleEngine engine = nearField();
        assertThat(engine.evaluate("tg1", reading("sea_level_m", 0, -0.9))).as("no earthquake: a low tide").isEmpty();
        assertThat(engine.evaluate("acc1", reading("pga", MIN, 1.5)))
                .extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::sensor)
                .containsExactly(tuple("quake", "raised", "acc1"), tuple("near-field", "raised", "acc1"));
    }

    @Test
    void aSeaFallingLongAfterTheQuakeIsNotNearField() {
        RuleEngine engine = nearField();
        engine.evaluate("acc1", reading("pga", 0, 2.5));
        engine.evaluate("acc1", reading("pga", 20_000, 0.1));
        assertThat(engine.tick(40 * MIN)).isEmpty();
        assertThat(engine.evaluate("tg1", reading("sea_level_m", 45 * MIN, -0.9))).isEmpty();
    }

    @Test
    void aWatchedAlarmRestoredAfterARestartCounts() {
        RuleEngine engine = nearField();
        engine.rules().get(0).restore(1, 0);
        assertThat(engine.evaluate("tg1", reading("sea_level_m", MIN, -0.9)))
                .extracting(AlertEvent::rule, AlertEvent::state).containsExactly(tuple("near-field", "raised"));
    }

    @Test
    void allHonoursHold() {
        List<Clause> conditions = List.of(new Clause("wl1", "stage_m", 10.5, null),
                new Clause("rg1", "rain_mm_h", 50.0, null));
        RuleEngine engine = new RuleEngine(List.of(
                rule("both", null, null, new RuleCondition.Combined(true, conditions, 0), Duration.ofMinutes(10))));
        assertThat(engine.evaluate("rg1", new Reading("rain_mm_h", 0, 60, Quality.OK))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(MIN, 11))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(10 * MIN, 11))).as("9 minutes").isEmpty();
        assertThat(engine.evaluate("wl1", ok(11 * MIN, 11))).extracting(AlertEvent::state).containsExactly("raised");
    }

    @Test
    void suspectAndUnsyncedReadingsNeitherRaiseNorClearUnlessQualityAny() {
        RuleConfig strict = new RuleConfig("flood", "wl1", "stage_m", List.of(new Level("BD1", 9.5, null)), 0,
                Duration.ZERO, List.of());
        RuleConfig lax = new RuleConfig("flood-any", "wl1", "stage_m", Duration.ZERO, List.of(), true, new RuleCondition.Levels(List.of(new Level("BD1", 9.5, null)), 0));
        RuleEngine engine = new RuleEngine(List.of(strict, lax));

        assertThat(engine.evaluate("wl1", new Reading("stage_m", 1, 10, Quality.SUSPECT)))
                .extracting(AlertEvent::rule).containsExactly("flood-any");
        assertThat(engine.evaluate("wl1", new Reading("stage_m", 2, 10, Quality.OK)))
                .extracting(AlertEvent::rule).containsExactly("flood");
        assertThat(engine.evaluate("wl1", new Reading("stage_m", 3, 9, Quality.UNSYNCED)))
                .extracting(AlertEvent::rule, AlertEvent::state).containsExactly(tuple("flood-any", "cleared"));
        assertThat(engine.rules()).extracting(Rule::severity).containsExactly(1, 0);
    }

    @Test
    void restoredRuleRaisesNothingNewAndClearsNormally() {
        RuleEngine engine = new RuleEngine(List.of(new RuleConfig("flood", "wl1", "stage_m",
                List.of(new Level("BD1", 9.5, null), new Level("BD2", 10.5, null)), 0.05, Duration.ofMinutes(1),
                List.of())));
        engine.rules().get(0).restore(2, 0);
        assertThat(engine.evaluate("wl1", ok(MIN, 10.7))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(3 * MIN, 10.8))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(4 * MIN, 9.0))).isEmpty();
        assertThat(engine.evaluate("wl1", ok(5 * MIN, 9.0))).extracting(AlertEvent::state, AlertEvent::level)
                .containsExactly(tuple("cleared", "BD2"));
    }

    @Test
    void restoredSilentAlarmStaysRaisedUntilAReadingComes() {
        RuleEngine engine = new RuleEngine(List.of(rule("quiet", "wl1", null, new RuleCondition.Silent(Duration.ofMinutes(5)), null)));
        engine.rules().get(0).restore(1, 10 * MIN);
        assertThat(engine.tick(11 * MIN)).isEmpty();
        assertThat(engine.tick(30 * MIN)).isEmpty();
        assertThat(engine.evaluate("wl1", ok(31 * MIN, 9))).extracting(AlertEvent::state).containsExactly("cleared");
    }
}
