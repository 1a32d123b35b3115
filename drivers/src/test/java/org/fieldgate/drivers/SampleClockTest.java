package org.fieldgate.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.fieldgate.drivers.testing.HandClock;
import org.junit.jupiter.api.Test;

class SampleClockTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void blocksReadOnTimeAreExactlySpaced() {
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(100, wall);
        // 10 samples per block, read 2 ms after the last one was taken
        for (int b = 0; b < 50; b++) {
            wall.millis = START + b * 100L + 92;
            SampleClock.Placement p = clock.place(10, 0);
            assertThat(p.t0()).isEqualTo(START + b * 100L + 2);
            assertThat(p.resynced()).isFalse();
        }
        assertThat(clock.resyncs()).isZero();
    }

    @Test
    void lostSamplesKeepTheirPlaceSoTheGapShows() {
        HandClock wall = new HandClock(START + 90);
        SampleClock clock = new SampleClock(100, wall);
        assertThat(clock.place(10, 0).t0()).isEqualTo(START);
        wall.millis = START + 290; // 10 samples never arrived, then 10 did
        assertThat(clock.place(10, 10).t0()).isEqualTo(START + 200);
        wall.millis = START + 390;
        assertThat(clock.place(10, 0).t0()).isEqualTo(START + 300);
    }

    @Test
    void aFastOscillatorNeverStampsSamplesInTheFutureByMoreThanAPeriodAndStaysContinuous() {
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(100, wall);
        double truePeriod = 9.9; // 1 % fast: 101 samples per wall second
        long previousEnd = Long.MIN_VALUE;
        for (int b = 0; b < 2_000; b++) {
            double lastSampleTaken = START + (b * 10 + 9) * truePeriod;
            wall.millis = (long) Math.ceil(lastSampleTaken) + 1;
            long t0 = clock.place(10, 0).t0();
            long lastStamped = t0 + 90;
            assertThat(lastStamped).as("block %d", b).isLessThanOrEqualTo(wall.millis + 10);
            if (previousEnd != Long.MIN_VALUE) {
                assertThat(Math.abs(t0 - (previousEnd + 10))).as("continuity at block %d", b).isLessThanOrEqualTo(5);
            }
            previousEnd = lastStamped;
        }
        assertThat(clock.resyncs()).isZero();
    }

    @Test
    void aSlowOscillatorIsFollowedWithinAFewPeriods() {
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(100, wall);
        double truePeriod = 10.1; // 1 % slow
        long previousEnd = Long.MIN_VALUE;
        for (int b = 0; b < 2_000; b++) {
            double lastSampleTaken = START + (b * 10 + 9) * truePeriod;
            wall.millis = (long) Math.ceil(lastSampleTaken) + 1;
            long t0 = clock.place(10, 0).t0();
            if (b > 200) {
                assertThat(wall.millis - (t0 + 90)).as("lateness at block %d", b).isBetween(-10L, 60L);
            }
            if (previousEnd != Long.MIN_VALUE) {
                assertThat(Math.abs(t0 - (previousEnd + 10))).as("continuity at block %d", b).isLessThanOrEqualTo(5);
            }
            previousEnd = t0 + 90;
        }
    }

    @Test
    void aClockStepForwardIsAReportedResyncOnceAWindowOfReadsWasLate() {
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(100, wall, 1000);
        for (int b = 0; b < 30; b++) { // 3 s on time
            wall.millis = START + b * 100L + 92;
            clock.place(10, 0);
        }
        // the wall clock steps 5 s forward: blocks keep their times until a whole window was late
        SampleClock.Placement p = null;
        int b = 30;
        for (; b < 80; b++) {
            wall.millis = START + b * 100L + 92 + 5_000;
            p = clock.place(10, 0);
            if (p.resynced()) {
                break;
            }
            assertThat(p.t0()).isEqualTo(START + b * 100L + 2);
        }
        assertThat(p.resynced()).isTrue();
        assertThat(b).isLessThan(75); // within about two windows
        assertThat(p.t0()).isEqualTo(START + b * 100L + 2 + 5_000);
        assertThat(clock.resyncs()).isEqualTo(1);
        wall.millis = START + (b + 1) * 100L + 92 + 5_000;
        assertThat(clock.place(10, 0)).isEqualTo(new SampleClock.Placement(START + (b + 1) * 100L + 2 + 5_000, false,
                100.0));
    }

    @Test
    void aClockStepBackIsAReportedResyncAtOnce() {
        HandClock wall = new HandClock(START + 90);
        SampleClock clock = new SampleClock(100, wall, 1000);
        clock.place(10, 0);
        wall.millis = START + 190 - 5_000;
        SampleClock.Placement p = clock.place(10, 0);
        assertThat(p.resynced()).isTrue();
        assertThat(p.t0()).isEqualTo(START + 100 - 5_000);
    }

    @Test
    void aReaderThatStallsAndCatchesUpOnBufferedSamplesKeepsExactTimes() {
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(250, wall, 1000);
        long index = 0;
        long first = 0;
        for (int b = 0; b < 100; b++) { // 4 s on time, blocks of 10 (40 ms), read 2 ms after the last sample
            wall.millis = START + (index + 9) * 4 + 2;
            long t0 = clock.place(10, 0).t0();
            if (b == 0) {
                first = t0;
            }
            assertThat(t0).isEqualTo(first + index * 4);
            index += 10;
        }
        // a 2.5 s stall (a slow SD card under the reader thread), then the backlog in 64-sample reads
        long stallEnd = wall.millis + 2_500;
        long due = (stallEnd - START) / 4;
        while (index + 64 <= due) {
            wall.millis = stallEnd + (index % 7);
            SampleClock.Placement p = clock.place(64, 0);
            assertThat(p.resynced()).isFalse();
            assertThat(p.t0()).isEqualTo(first + index * 4);
            index += 64;
        }
        for (int b = 0; b < 200; b++) { // on time again
            wall.millis = START + (index + 9) * 4 + 2;
            SampleClock.Placement p = clock.place(10, 0);
            assertThat(p.resynced()).isFalse();
            assertThat(p.t0()).isBetween(first + index * 4 - 2, first + index * 4 + 2);
            index += 10;
        }
        assertThat(clock.resyncs()).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new SampleClock(0, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        SampleClock clock = new SampleClock(100, Clock.systemUTC());
        assertThatThrownBy(() -> clock.place(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.place(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSensorPercentsOffItsNominalRateIsMeasuredAndFollowedWithoutResyncs() {
        // OpenEEW's ADXL355 units: labelled 31.25 Hz, sampling at 30.06 Hz; blocks of 8 read 5-40 ms late
        HandClock wall = new HandClock(START);
        SampleClock clock = new SampleClock(31.25, wall);
        double truePeriod = 1000 / 30.06;
        java.util.Random jitter = new java.util.Random(4);
        long previousEnd = Long.MIN_VALUE;
        for (int b = 0; b < 2_500; b++) { // 11 minutes
            double lastSampleTaken = START + (b * 8 + 7) * truePeriod;
            wall.millis = (long) Math.ceil(lastSampleTaken) + 5 + jitter.nextInt(35);
            long t0 = clock.place(8, 0).t0();
            double stampedLast = t0 + 7 * 1000 / clock.measuredRate();
            if (b > 300) { // after a minute
                assertThat(stampedLast - lastSampleTaken).as("error at block %d", b).isBetween(-35.0, 35.0);
            }
            if (previousEnd != Long.MIN_VALUE) {
                assertThat(Math.abs(t0 - previousEnd - 1000 / clock.measuredRate())).as("continuity at block %d", b)
                        .isLessThanOrEqualTo(1000 / 31.25 / 2);
            }
            previousEnd = Math.round(stampedLast);
        }
        assertThat(clock.resyncs()).isZero();
        assertThat(clock.measuredRate()).isCloseTo(30.06, org.assertj.core.api.Assertions.within(0.05));
        // a crystal 50 ppm off keeps the nominal rate (the discipline follows it)
        HandClock wall2 = new HandClock(START);
        SampleClock crystal = new SampleClock(100, wall2);
        for (int b = 0; b < 2_000; b++) {
            wall2.millis = (long) Math.ceil(START + (b * 10 + 9) * 10.0005) + 2;
            assertThat(crystal.place(10, 0).rate()).isEqualTo(100.0);
        }
    }
}
