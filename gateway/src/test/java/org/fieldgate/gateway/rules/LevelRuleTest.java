package org.fieldgate.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.junit.jupiter.api.Test;

class LevelRuleTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final List<Level> FLOOD = List.of(new Level("BD1", 9.5, null), new Level("BD2", 10.5, null),
            new Level("BD3", 11.5, null));

    private static LevelRule rule(List<Level> levels, double hysteresis, Duration hold) {
        return (LevelRule) RuleEngine.create(new RuleConfig("flood", "wl1", "stage_m", levels, hysteresis, hold, List.of()));
    }

    private static Reading at(long seconds, double value) {
        return new Reading("stage_m", T0 + seconds * 1000, value, Quality.OK);
    }

    /** Feeds (second, value) pairs; returns every event. */
    private static List<AlertEvent> feed(LevelRule rule, double... secondValuePairs) {
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < secondValuePairs.length; i += 2) {
            rule.evaluate(at((long) secondValuePairs[i], secondValuePairs[i + 1])).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void withoutHoldAReadingPastTheThresholdRaisesAtOnce() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ZERO);
        assertThat(r.evaluate(at(0, 9.4))).isEmpty();
        AlertEvent e = r.evaluate(at(10, 9.61)).orElseThrow();
        assertThat(e).isEqualTo(new AlertEvent("flood", "raised", "BD1", 1, "wl1", "stage_m", 9.61, 9.5, T0 + 10_000));
        assertThat(r.severity()).isEqualTo(1);
        assertThat(r.level()).map(Level::name).contains("BD1");
    }

    @Test
    void aValueExactlyAtTheThresholdIsNotAbove() {
        LevelRule r = rule(FLOOD, 0.0, Duration.ZERO);
        assertThat(feed(r, 0, 9.5)).isEmpty();
    }

    @Test
    void noiseAroundAThresholdWithHysteresisRaisesOnce() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ZERO);
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double v = 10.5 + (i % 2 == 0 ? 0.03 : -0.03) + (i % 3 - 1) * 0.01; // 10.46 .. 10.54
            r.evaluate(at(i * 10L, v)).ifPresent(events::add);
        }
        assertThat(events).extracting(AlertEvent::state, AlertEvent::level).containsExactly(
                org.assertj.core.groups.Tuple.tuple("raised", "BD2"));
    }

    @Test
    void noiseWithoutHysteresisNeverHoldsLongEnoughToRaise() {
        LevelRule r = rule(FLOOD, 0.0, Duration.ofSeconds(60));
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            r.evaluate(at(i * 10L, i % 2 == 0 ? 10.51 : 10.49)).ifPresent(events::add);
        }
        assertThat(events).allSatisfy(e -> assertThat(e.level()).isEqualTo("BD1")).hasSize(1);
        assertThat(r.severity()).isEqualTo(1);
    }

    @Test
    void holdNotReachedGivesNothing() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        assertThat(feed(r, 0, 9.0, 10, 9.7, 20, 9.8, 30, 9.9, 40, 9.8, 50, 9.7, 60, 9.3, 70, 9.2, 130, 9.2))
                .isEmpty();
        assertThat(r.severity()).isZero();
    }

    @Test
    void holdReachedRaisesAtTheFirstReadingAfterIt() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        assertThat(feed(r, 0, 9.0, 10, 9.7, 20, 9.8, 30, 9.9, 40, 9.8, 50, 9.7, 60, 9.7)).isEmpty();
        AlertEvent e = r.evaluate(at(70, 9.65)).orElseThrow();
        assertThat(e.state()).isEqualTo("raised");
        assertThat(e.level()).isEqualTo("BD1");
        assertThat(e.value()).isEqualTo(9.65);
        assertThat(e.time()).isEqualTo(T0 + 70_000);
    }

    @Test
    void aDipBackPastTheHysteresisRestartsTheHold() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        // above from 0; dips to 9.40 (< 9.45) at 40; above again from 50: hold runs from 50
        assertThat(feed(r, 0, 9.7, 10, 9.7, 20, 9.7, 30, 9.7, 40, 9.40, 50, 9.7, 60, 9.7, 100, 9.7)).isEmpty();
        assertThat(feed(r, 110, 9.7)).extracting(AlertEvent::state).containsExactly("raised");
    }

    @Test
    void aDipInsideTheHysteresisBandDoesNotRestartTheHold() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        assertThat(feed(r, 0, 9.7, 30, 9.46, 50, 9.7)).isEmpty();
        assertThat(feed(r, 60, 9.7)).extracting(AlertEvent::state).containsExactly("raised");
    }

    @Test
    void escalateDeescalateAndClearSequence() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        List<AlertEvent> events = feed(r,
                0, 9.6, 60, 9.7,            // raised BD1 at 60
                100, 10.6, 150, 10.7, 160, 10.8, // BD2 from 100, escalated at 160
                200, 11.6, 230, 11.7,       // BD3 from 200, not yet held
                240, 11.47,                 // inside the band 11.45..11.5: the hold goes on
                260, 11.6,                  // escalated BD3 at 260
                300, 10.9, 359, 10.9, 360, 10.9, // below 11.45 from 300: deescalated BD2 at 360
                400, 9.0, 459, 9.0, 460, 9.0);   // below everything from 400: cleared at 460
        assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::severity, AlertEvent::threshold,
                        AlertEvent::value, e -> (e.time() - T0) / 1000)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("raised", "BD1", 1, 9.5, 9.7, 60L),
                        org.assertj.core.groups.Tuple.tuple("escalated", "BD2", 2, 10.5, 10.8, 160L),
                        org.assertj.core.groups.Tuple.tuple("escalated", "BD3", 3, 11.5, 11.6, 260L),
                        org.assertj.core.groups.Tuple.tuple("deescalated", "BD2", 2, 10.5, 10.9, 360L),
                        org.assertj.core.groups.Tuple.tuple("cleared", "BD2", 0, 10.5, 9.0, 460L));
        assertThat(r.severity()).isZero();
        assertThat(r.level()).isEmpty();
    }

    @Test
    void aJumpAcrossLevelsIsOneEvent() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        assertThat(feed(r, 0, 12.0, 60, 12.0)).extracting(AlertEvent::state, AlertEvent::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("raised", "BD3"));
    }

    @Test
    void eachLevelClearsOnlyAfterItsOwnHold() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        List<AlertEvent> events = feed(r, 0, 12.0, 60, 12.0, // raised BD3
                100, 10.0,  // BD3 and BD2 off from 100; BD1 still on
                150, 9.0,   // BD1 off from 150
                160, 9.0,   // BD3, BD2 held off; BD1 not yet: deescalated to BD1
                209, 9.0, 210, 9.0); // BD1 held off: cleared
        assertThat(events).extracting(AlertEvent::state, AlertEvent::level, e -> (e.time() - T0) / 1000)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("raised", "BD3", 60L),
                        org.assertj.core.groups.Tuple.tuple("deescalated", "BD1", 160L),
                        org.assertj.core.groups.Tuple.tuple("cleared", "BD1", 210L));
    }

    @Test
    void clearingNeedsTheValueBackPastThresholdMinusHysteresis() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ZERO);
        assertThat(feed(r, 0, 9.6)).hasSize(1);
        assertThat(feed(r, 10, 9.46, 20, 9.45, 30, 9.5)).isEmpty();
        assertThat(feed(r, 40, 9.44)).extracting(AlertEvent::state).containsExactly("cleared");
    }

    @Test
    void belowLevelsWorkTheOtherWayRound() {
        List<Level> low = List.of(new Level("low", null, 2.0), new Level("very-low", null, 1.0));
        LevelRule r = (LevelRule) RuleEngine.create(new RuleConfig("drought", "wl1", "stage_m", low, 0.1, Duration.ofSeconds(30),
                List.of()));
        List<AlertEvent> events = feed(r,
                0, 2.5, 10, 1.9, 40, 1.95,   // below 2.0 from 10: raised low at 40
                50, 0.9, 80, 0.95,           // below 1.0 from 50: escalated at 80
                90, 1.05,                    // above 1.0 but not past 1.1: stays very-low
                100, 1.5, 130, 1.5,          // past 1.1 from 100: deescalated at 130
                140, 2.05, 200, 2.05,        // inside band of low (2.0..2.1): stays low
                210, 2.2, 240, 2.3);         // past 2.1 from 210: cleared at 240
        assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::severity,
                        AlertEvent::threshold, e -> (e.time() - T0) / 1000)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("raised", "low", 1, 2.0, 40L),
                        org.assertj.core.groups.Tuple.tuple("escalated", "very-low", 2, 1.0, 80L),
                        org.assertj.core.groups.Tuple.tuple("deescalated", "low", 1, 2.0, 130L),
                        org.assertj.core.groups.Tuple.tuple("cleared", "low", 0, 2.0, 240L));
    }

    @Test
    void suspectUnsyncedAndNonFiniteReadingsChangeNothing() {
        LevelRule r = rule(FLOOD, 0.05, Duration.ofSeconds(60));
        assertThat(r.evaluate(new Reading("stage_m", T0, 25.0, Quality.SUSPECT))).isEmpty();
        assertThat(r.evaluate(new Reading("stage_m", T0 + 100_000, 25.0, Quality.UNSYNCED))).isEmpty();
        assertThat(r.evaluate(new Reading("stage_m", T0 + 200_000, Double.NaN, Quality.OK))).isEmpty();
        assertThat(r.severity()).isZero();

        // while the hold runs, a suspect low reading does not interrupt it
        assertThat(feed(r, 300, 9.7)).isEmpty();
        assertThat(r.evaluate(new Reading("stage_m", T0 + 330_000, 0.0, Quality.SUSPECT))).isEmpty();
        assertThat(feed(r, 360, 9.7)).extracting(AlertEvent::state).containsExactly("raised");

        // and a suspect reading below everything does not clear
        assertThat(r.evaluate(new Reading("stage_m", T0 + 500_000, 0.0, Quality.SUSPECT))).isEmpty();
        assertThat(r.evaluate(new Reading("stage_m", T0 + 900_000, 0.0, Quality.SUSPECT))).isEmpty();
        assertThat(r.severity()).isEqualTo(1);
    }

    @Test
    void sameReadingsGiveSameEvents() {
        double[] series = new double[400];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < series.length; i += 2) {
            series[i] = i * 5;
            series[i + 1] = 9.0 + 3.0 * Math.sin(i / 40.0) + random.nextGaussian() * 0.05;
        }
        List<AlertEvent> first = feed(rule(FLOOD, 0.05, Duration.ofSeconds(30)), series);
        List<AlertEvent> second = feed(rule(FLOOD, 0.05, Duration.ofSeconds(30)), series);
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void rejectsBrokenConfig() {
        assertThatThrownBy(() -> rule(List.of(), 0, Duration.ZERO)).hasMessageContaining("no levels");
        assertThatThrownBy(() -> rule(List.of(new Level("x", 1.0, 2.0)), 0, Duration.ZERO))
                .hasMessageContaining("exactly one of above/below");
        assertThatThrownBy(() -> rule(FLOOD, -1, Duration.ZERO)).hasMessageContaining("hysteresis");
    }
}
