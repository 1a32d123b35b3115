package org.fieldgate.gateway.rules.seismic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.junit.jupiter.api.Test;

/**
 * The 2018 Mw 7.2 Pinotepa earthquake recorded near the epicentre by OpenEEW station 009 (data from
 * OpenEEW (openeew.com), CC BY-SA 4.0), checked against the reference times and PGA in
 * src/test/resources/README.md. Conventions as there: lines sorted by (cloud_t, device_t), sample i
 * of a line of n at cloud_t − (n−1−i)/sr, each axis demeaned by the mean of its first 320 samples, classic STA/LTA
 * with nsta 32, nlta 320.
 */
class OpenEewStaLtaTest {

    private static final double SR = 31.25;
    private static final double TWO_SAMPLES = 2 / SR;

    @Test
    void station009TriggersAtTheReferenceTimesWithTheReferencePga() {
        OpenEewRecording r = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl");
        assertThat(r.t()).hasSize(18048);

        assertThat(firstReaching(r.t(), demeaned(r.y()), 3.0))
                .isCloseTo(epoch("2018-02-16T23:39:50.502Z"), within(TWO_SAMPLES));
        assertThat(firstReaching(r.t(), demeaned(r.x()), 3.0))
                .isCloseTo(epoch("2018-02-16T23:39:57.987Z"), within(TWO_SAMPLES));
        assertThat(firstReaching(r.t(), demeaned(r.z()), 3.0))
                .isCloseTo(epoch("2018-02-16T23:39:57.987Z"), within(TWO_SAMPLES));

        PeakGroundAcceleration.Peak pga = PeakGroundAcceleration.vector(r.x(), r.y(), r.z());
        assertThat(pga.value()).isCloseTo(51.891, within(51.891 * 0.01));
        assertThat(r.t()[(int) pga.index()])
                .isCloseTo(epoch("2018-02-16T23:40:24.505Z"), within(TWO_SAMPLES));
        assertThat(Intensity.fromPga(pga.value())).isBetween(4.5, 5.5);
    }

    @Test
    void quietMinutesBeforeTheEventStayBelowTheTrigger() {
        OpenEewRecording r = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl");
        double onset = epoch("2018-02-16T23:39:50.502Z") - 1.0;
        for (double[] axis : List.of(r.x(), r.y(), r.z())) {
            double[] cf = StaLta.classic(demeaned(axis), 32, 320);
            for (int i = 0; i < cf.length && r.t()[i] < onset; i++) {
                assertThat(cf[i]).as("cf at %s", r.t()[i]).isLessThan(3.0);
            }
        }
    }

    private static double firstReaching(double[] t, double[] axis, double level) {
        double[] cf = StaLta.classic(axis, 32, 320);
        for (int i = 0; i < cf.length; i++) {
            if (cf[i] >= level) {
                return t[i];
            }
        }
        return Double.NaN;
    }

    private static double[] demeaned(double[] a) {
        double mean = 0;
        for (int i = 0; i < 320; i++) {
            mean += a[i];
        }
        mean /= 320;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - mean;
        }
        return out;
    }

    private static double epoch(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
