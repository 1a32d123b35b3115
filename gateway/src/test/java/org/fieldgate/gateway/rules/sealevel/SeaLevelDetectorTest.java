package org.fieldgate.gateway.rules.sealevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The detector on synthetic sea levels: tides alone never count, a tsunami's waves do, gaps start it again. */
class SeaLevelDetectorTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    /** 15 m / 180 m windows, ratio 3, threshold 0.10 m, count 3, max gap 5 m: the fixtures' reference. */
    private static SeaLevelDetector reference() {
        return new SeaLevelDetector(15 * MINUTE, 180 * MINUTE, 3, 0.10, 3, 5 * MINUTE);
    }

    private static double tide(long t) {
        double h = t / (double) HOUR;
        return 1.2 + 0.8 * Math.cos(2 * Math.PI * h / 12.42) + 0.2 * Math.cos(2 * Math.PI * h / 12.0 + 1.1);
    }

    /** Feeds {@code level} every {@code stepMs} from 0 to {@code endMs}; the time of the first raise (counter at count), or -1. */
    private static long firstRaise(SeaLevelDetector d, long stepMs, long endMs, LongToDoubleFunction level) {
        for (long t = 0; t <= endMs; t += stepMs) {
            SeaLevelDetector.Step s = d.add(t, level.applyAsDouble(t));
            if (s != null && s.counter() == 3) {
                return t;
            }
        }
        return -1;
    }

    @Test
    void aWeekOfTidesNeverRaisesAtOneMinuteNorAtFiveSeconds() {
        assertThat(firstRaise(reference(), MINUTE, 7 * 24 * HOUR, SeaLevelDetectorTest::tide)).isEqualTo(-1);
        assertThat(firstRaise(reference(), 5_000, 24 * HOUR, SeaLevelDetectorTest::tide)).isEqualTo(-1);
    }

    @Test
    void aTsunamiWaveTrainRaisesWithinMinutesOfItsArrivalAtEitherRate() {
        long arrival = 10 * HOUR;
        LongToDoubleFunction sea = t -> tide(t) + (t < arrival ? 0
                : 0.5 * Math.min(1, (t - arrival) / (5.0 * MINUTE)) * Math.sin(2 * Math.PI * (t - arrival) / (20.0 * MINUTE)));
        for (long step : new long[] {MINUTE, 5_000}) {
            long raised = firstRaise(reference(), step, 14 * HOUR, sea);
            assertThat(raised).as("step %d ms", step).isBetween(arrival, arrival + 15 * MINUTE);
        }
    }

    @Test
    void nothingIsJudgedUntilHalfTheLongWindowAndAfterAGapItStartsAgain() {
        SeaLevelDetector d = reference();
        long t = 0;
        for (; t < 90 * MINUTE; t += MINUTE) {
            assertThat(d.add(t, tide(t))).as("warming up at %d min", t / MINUTE).isNull();
        }
        for (; t < 4 * HOUR; t += MINUTE) {
            d.add(t, tide(t));
        }
        assertThat(d.add(t, tide(t))).isNotNull();
        t += 6 * MINUTE; // more than max_gap
        assertThat(d.add(t, tide(t) + 1.0)).as("the gap is not bridged: warming up again").isNull();
        assertThat(d.counter()).isZero();
    }

    @Test
    void readingsOutOfOrderAreIgnoredAndMemoryIsBounded() {
        SeaLevelDetector d = new SeaLevelDetector(MINUTE, 10 * HOUR, 3, 0.1, 3, MINUTE);
        for (long t = 0; t < 30_000 * 1_000L; t += 1_000) {
            d.add(t, tide(t));
        }
        assertThat(d.add(5_000, 9.9)).isNull();
        // 30,000 one-second readings in a 10-hour window: only the newest MAX_READINGS are kept, and still judged
        assertThat(d.add(30_000 * 1_000L, tide(30_000 * 1_000L))).isNotNull();
    }

    @Test
    void theForecastOfAParabolaIsExact() {
        long[] times = new long[20];
        double[] values = new double[20];
        for (int i = 0; i < 20; i++) {
            times[i] = 1_000_000L + i * MINUTE;
            double x = i - 19;
            values[i] = 2.0 - 0.3 * x + 0.01 * x * x;
        }
        assertThat(QuadraticForecast.at(times, values, 0, 20)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(QuadraticForecast.at(times, values, 18, 20)).isNaN();
    }
}
