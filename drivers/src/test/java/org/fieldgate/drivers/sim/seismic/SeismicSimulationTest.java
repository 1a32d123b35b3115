package org.fieldgate.drivers.sim.seismic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.WaveformPacket;
import org.junit.jupiter.api.Test;

class SeismicSimulationTest {

    private static final long START = 1_767_225_600_000L;

    private static SimSeismicConfig scenario(long seed, String kind) {
        return new SimSeismicConfig(new SimSeismicConfig.Scenario(seed, kind, null, null, null, null, null));
    }

    private static List<WaveformPacket> packets(SimSeismicConfig config, int seconds) {
        SeismicSimulation sim = SimSeismicFactory.simulation(config);
        List<WaveformPacket> out = new ArrayList<>();
        for (int k = 0; k < seconds; k++) {
            out.add(sim.nextPacket(START));
        }
        return out;
    }

    /** Every sample of one axis, packets joined. */
    private static double[] axis(List<WaveformPacket> packets, String axis) {
        return packets.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.axes().get(axis))).toArray();
    }

    @Test
    void packetsHoldOneSecondOfEachAxisAtContiguousTimes() {
        List<WaveformPacket> packets = packets(SimSeismicConfig.defaults(), 5);

        for (int k = 0; k < packets.size(); k++) {
            WaveformPacket p = packets.get(k);
            assertThat(p.t0()).isEqualTo(START + k * 1000L);
            assertThat(p.sampleRate()).isEqualTo(100.0);
            assertThat(p.unit()).isEqualTo("m/s2");
            assertThat(p.axes().keySet()).containsExactly("x", "y", "z");
            assertThat(p.length()).isEqualTo(100);
        }
    }

    @Test
    void otherSampleRatesGiveThatManySamplesPerPacket() {
        SimSeismicConfig config = new SimSeismicConfig(
                new SimSeismicConfig.Scenario(null, "quiet", null, null, null, 200, null));

        WaveformPacket p = packets(config, 1).get(0);

        assertThat(p.length()).isEqualTo(200);
        assertThat(p.sampleRate()).isEqualTo(200.0);
    }

    @Test
    void sameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        double[] a = axis(packets(scenario(7, "quake"), 70), "x");
        double[] b = axis(packets(scenario(7, "quake"), 70), "x");
        double[] c = axis(packets(scenario(8, "quake"), 70), "x");

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void backgroundNoiseHasTheConfiguredRms() {
        List<WaveformPacket> quiet = packets(scenario(3, "quiet"), 60);

        for (String axis : new String[] {"x", "y", "z"}) {
            double[] s = axis(quiet, axis);
            double rms = Math.sqrt(java.util.Arrays.stream(s).map(v -> v * v).sum() / s.length);
            assertThat(rms).isCloseTo(0.002, within(0.0002));
        }
    }

    @Test
    void quakeStartsAtItsOnsetWithAPgaOfTheIntendedSize() {
        List<WaveformPacket> packets = packets(SimSeismicConfig.defaults(), 120);
        double[] x = axis(packets, "x");
        double[] z = axis(packets, "z");

        // nothing but noise before 60 s (6000 samples at 100 Hz): under 6 sd
        for (int i = 0; i < 6000; i++) {
            assertThat(Math.abs(x[i])).isLessThan(0.012);
            assertThat(Math.abs(z[i])).isLessThan(0.012);
        }
        // the P wave stands out of the noise within its first second
        int firstLoud = -1;
        for (int i = 0; i < z.length && firstLoud < 0; i++) {
            if (Math.abs(z[i]) > 0.02) {
                firstLoud = i;
            }
        }
        assertThat(firstLoud).isBetween(6000, 6100);

        double pga = java.util.Arrays.stream(x).map(Math::abs).max().orElseThrow();
        // Joyner & Boore 1981 for M5.5 at 20 km: 0.91 m/s2
        assertThat(pga).isBetween(0.1, 2.0).isCloseTo(0.91, within(0.02));
        // shaking dies away over tens of seconds: 60 s after the onset it is back near the noise
        for (int i = 11_900; i < 12_000; i++) {
            assertThat(Math.abs(x[i])).isLessThan(0.05);
        }
    }

    @Test
    void swaveArrivesAfterThePwaveByTheDistance() {
        QuakeSignal quake = new QuakeSignal(60, 5.5, 20, 100, 7);

        assertThat(quake.pOnsetSeconds()).isEqualTo(60.0);
        assertThat(quake.sOnsetSeconds() - quake.pOnsetSeconds()).isCloseTo(2.38, within(0.01));
        assertThat(quake.accelerationAt(0, 59.99)).isZero();
    }

    @Test
    void pgaFollowsMagnitudeAndDistance() {
        assertThat(QuakeSignal.peakGroundAcceleration(5.5, 20)).isCloseTo(0.91, within(0.01));
        assertThat(QuakeSignal.peakGroundAcceleration(6.5, 20)).isGreaterThan(QuakeSignal.peakGroundAcceleration(5.5, 20));
        assertThat(QuakeSignal.peakGroundAcceleration(5.5, 100)).isLessThan(QuakeSignal.peakGroundAcceleration(5.5, 20));
        assertThat(QuakeSignal.peakGroundAcceleration(9.5, 0)).isLessThan(SimSeismicFactory.RANGE);
    }

    @Test
    void aQuietSiteHasNoQuake() {
        double[] x = axis(packets(scenario(7, "quiet"), 120), "x");

        assertThat(java.util.Arrays.stream(x).map(Math::abs).max().orElseThrow()).isLessThan(0.012);
    }
}
