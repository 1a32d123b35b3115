package org.fieldgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.QualityGateConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.junit.jupiter.api.Test;

/** The quality gate before the rules: range, spike, flat line, gaps; each counted. */
class QualityGatesTest {

    private static final long MINUTE = 60_000;

    private static QualityGates gates(QualityGateConfig gate) {
        SensorConfig tg1 = new SensorConfig("tg1", "sim-sea-level", Duration.ofMinutes(1), null, null, List.of(), null,
                List.of(), null, Map.of("sea_level_m", gate));
        return QualityGates.of(List.of(tg1));
    }

    private static Quality judge(QualityGates g, long t, double v) {
        return g.check("tg1", List.of(new Reading("sea_level_m", t, v, Quality.OK))).get(0).quality();
    }

    @Test
    void outOfRangeIsSuspect() {
        QualityGates g = gates(new QualityGateConfig(-1.0, 8.5, null, null, null));
        assertThat(judge(g, 0, 2.0)).isEqualTo(Quality.OK);
        assertThat(judge(g, MINUTE, 9.9)).isEqualTo(Quality.SUSPECT);
        assertThat(judge(g, 2 * MINUTE, -1.5)).isEqualTo(Quality.SUSPECT);
        assertThat(g.counts("tg1")).containsEntry("qc_range", 2L).containsEntry("qc_spike", 0L);
    }

    @Test
    void aSingleSpikeIsSuspectButARealStepIsAcceptedAfterThreeReadings() {
        QualityGates g = gates(new QualityGateConfig(null, null, 0.5, null, null));
        long t = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(judge(g, t += MINUTE, 2.0 + i * 0.01)).isEqualTo(Quality.OK);
        }
        assertThat(judge(g, t += MINUTE, 4.0)).as("a spike").isEqualTo(Quality.SUSPECT);
        assertThat(judge(g, t += MINUTE, 2.05)).isEqualTo(Quality.OK);
        // a step of 1 m that stays
        assertThat(judge(g, t += MINUTE, 3.05)).isEqualTo(Quality.SUSPECT);
        assertThat(judge(g, t += MINUTE, 3.06)).isEqualTo(Quality.SUSPECT);
        assertThat(judge(g, t += MINUTE, 3.07)).as("the median has moved").isEqualTo(Quality.OK);
        assertThat(g.counts("tg1")).containsEntry("qc_spike", 3L);
    }

    @Test
    void aFlatLineBecomesSuspectAndGapsAreCounted() {
        QualityGates g = gates(new QualityGateConfig(null, null, null, Duration.ofMinutes(30), Duration.ofMinutes(5)));
        long t = 0;
        for (int i = 0; i <= 29; i++) {
            assertThat(judge(g, t = i * MINUTE, 1.234)).isEqualTo(Quality.OK);
        }
        assertThat(judge(g, t += MINUTE, 1.234)).as("30 minutes without a change").isEqualTo(Quality.SUSPECT);
        assertThat(judge(g, t += MINUTE, 1.240)).isEqualTo(Quality.OK);
        assertThat(judge(g, t += 10 * MINUTE, 1.250)).as("after a gap: counted, still ok").isEqualTo(Quality.OK);
        assertThat(g.counts("tg1")).containsEntry("qc_flat", 1L).containsEntry("qc_gap", 1L);
    }

    @Test
    void ungatedSensorsAndChannelsPassAndSuspectReadingsAreNotJudged() {
        QualityGates g = gates(new QualityGateConfig(0.0, 1.0, null, null, null));
        Reading other = new Reading("distance_m", 0, 99, Quality.OK);
        assertThat(g.check("tg1", List.of(other))).containsExactly(other);
        assertThat(g.check("wl1", List.of(other))).containsExactly(other);
        Reading suspect = new Reading("sea_level_m", 0, 99, Quality.SUSPECT);
        assertThat(g.check("tg1", List.of(suspect))).containsExactly(suspect);
        assertThat(g.counts("tg1")).containsEntry("qc_range", 0L);
        assertThat(g.counts("wl1")).isEmpty();
    }
}
