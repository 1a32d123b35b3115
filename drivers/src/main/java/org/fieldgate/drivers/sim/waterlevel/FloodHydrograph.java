package org.fieldgate.drivers.sim.waterlevel;

import java.time.Duration;

/**
 * The true (noise-free) stage of a river during one flood wave: a raised-cosine rise from
 * {@code startM} to {@code peakM} over {@code timeToPeak}, a raised-cosine recession back to
 * {@code startM} at {@code duration}, and base flow after that. Smooth (no kink) at the start, the
 * peak and the end, like a real hydrograph; the recession is slower than the rise whenever
 * {@code duration - timeToPeak > timeToPeak}, as it is in most floods.
 *
 * @param startM     base stage before and after the flood, m above the station datum
 * @param peakM      crest stage, m
 * @param timeToPeak time from the start of the scenario to the crest
 * @param duration   time from the start of the scenario to the end of the recession
 */
public record FloodHydrograph(double startM, double peakM, Duration timeToPeak, Duration duration) {

    public FloodHydrograph {
        if (timeToPeak.isNegative() || timeToPeak.isZero()) {
            throw new IllegalArgumentException("timeToPeak must be positive");
        }
        if (duration.compareTo(timeToPeak) <= 0) {
            throw new IllegalArgumentException("duration must be longer than timeToPeak");
        }
    }

    /** Stage at {@code sinceStart} after the start of the scenario (base stage before it). */
    public double stageAt(Duration sinceStart) {
        double t = sinceStart.toMillis();
        double tp = timeToPeak.toMillis();
        double end = duration.toMillis();
        double rise = peakM - startM;
        if (t <= 0 || t >= end) {
            return startM;
        }
        if (t <= tp) {
            return startM + rise * (1 - Math.cos(Math.PI * t / tp)) / 2;
        }
        return startM + rise * (1 + Math.cos(Math.PI * (t - tp) / (end - tp))) / 2;
    }
}
