package org.fieldgate.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.junit.jupiter.api.Test;

/** The radiation baseline: a week of Poisson background stays quiet, a plume of twice the background raises. */
class BaselineRuleTest {

    private static final long MINUTE = 60_000;
    private static final double BACKGROUND_CPM = 30; // about 0.09 µSv/h on an LND 7317

    private static Rule rule() {
        return RuleEngine.create(new RuleConfig("dose-baseline", "rad1", "cpm", Duration.ofMinutes(2), List.of(), false,
                new RuleCondition.Baseline(Duration.ofHours(24), 4, 10, Duration.ofHours(1))));
    }

    /** A Poisson count of mean {@code lambda} (Knuth; fine for the means here). */
    private static int poisson(Random random, double lambda) {
        double limit = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    private static List<AlertEvent> feed(Rule rule, Random random, long from, long minutes, double mean) {
        List<AlertEvent> events = new ArrayList<>();
        for (long m = 0; m < minutes; m++) {
            long t = from + m * MINUTE;
            rule.evaluate("rad1", new Reading("cpm", t, poisson(random, mean), Quality.OK)).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void aWeekOfPoissonBackgroundRaisesNothing() {
        assertThat(feed(rule(), new Random(20110311), 0, 7 * 24 * 60, BACKGROUND_CPM)).isEmpty();
    }

    @Test
    void aPlumeOfTwiceTheBackgroundRaisesWithinMinutesAndClearsAfterIt() {
        Rule rule = rule();
        Random random = new Random(42);
        long plumeAt = 26 * 60 * MINUTE;
        assertThat(feed(rule, random, 0, 26 * 60, BACKGROUND_CPM)).isEmpty();
        List<AlertEvent> plume = feed(rule, random, plumeAt, 60, 2 * BACKGROUND_CPM);
        assertThat(plume).isNotEmpty();
        AlertEvent raised = plume.get(0);
        assertThat(raised.state()).isEqualTo("raised");
        assertThat(raised.time() - plumeAt).isLessThanOrEqualTo(15 * MINUTE);
        // threshold = background + max(4·√background, 10): about 30 + 22
        assertThat(raised.threshold()).isBetween(48.0, 56.0);
        // the plume did not become the background: back to normal clears
        List<AlertEvent> after = feed(rule, random, plumeAt + 60 * MINUTE, 60, BACKGROUND_CPM);
        assertThat(after).extracting(AlertEvent::state).contains("cleared");
    }

    @Test
    void nothingIsJudgedWhileLearningAndTheMinimumRiseGuardsQuietSites() {
        Rule rule = RuleEngine.create(new RuleConfig("b", "rad1", "cpm", Duration.ZERO, List.of(), false,
                new RuleCondition.Baseline(Duration.ofHours(24), 4, 10, Duration.ofHours(1))));
        for (long m = 0; m < 59; m++) {
            assertThat(rule.evaluate("rad1", new Reading("cpm", m * MINUTE, m == 30 ? 500 : 1, Quality.OK)))
                    .as("learning").isEmpty();
        }
        // background 1 cpm: 4·√1 = 4, but a rise under 10 is not an alarm
        for (long m = 60; m < 80; m++) { // (20 minutes of 9: the median of the kept minutes is still 1)
            assertThat(rule.evaluate("rad1", new Reading("cpm", m * MINUTE, 9, Quality.OK))).isEmpty();
        }
        assertThat(rule.evaluate("rad1", new Reading("cpm", 80 * MINUTE, 12, Quality.OK)))
                .hasValueSatisfying(e -> assertThat(e.state()).isEqualTo("raised"));
    }

    @Test
    void anAlertRaisedWhileItRainsSaysSo() {
        Rule rule = RuleEngine.create(new RuleConfig("b", "rad1", "cpm", Duration.ZERO, List.of(), false,
                new RuleCondition.Baseline(Duration.ofHours(24), 4, 10, Duration.ofHours(1),
                        new RuleCondition.Input("rg1", "rain_mm_h"))));
        for (long m = 0; m < 61; m++) {
            rule.evaluate("rad1", new Reading("cpm", m * MINUTE, 30, Quality.OK));
        }
        assertThat(rule.evaluate("rg1", new Reading("rain_mm_h", 61 * MINUTE, 12.5, Quality.OK))).isEmpty();
        AlertEvent raised = rule.evaluate("rad1", new Reading("cpm", 62 * MINUTE, 70, Quality.OK)).orElseThrow();
        assertThat(raised.state()).isEqualTo("raised");
        assertThat(raised.rainMmH()).isEqualTo(12.5);
        rule.evaluate("rg1", new Reading("rain_mm_h", 63 * MINUTE, 0, Quality.OK));
        AlertEvent cleared = rule.evaluate("rad1", new Reading("cpm", 64 * MINUTE, 30, Quality.OK)).orElseThrow();
        assertThat(cleared.state()).isEqualTo("cleared");
        assertThat(cleared.rainMmH()).as("dry again").isNull();
    }
}
