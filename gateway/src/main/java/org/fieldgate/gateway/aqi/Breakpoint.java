package org.fieldgate.gateway.aqi;

/**
 * One row of a breakpoint table: concentrations {@code [cLow, cHigh]} map linearly onto index
 * values {@code [iLow, iHigh]}.
 */
record Breakpoint(double cLow, double cHigh, int iLow, int iHigh) {

    /** The interpolated (unrounded) index of {@code c}. */
    public double interpolate(double c) {
        return (iHigh - iLow) / (cHigh - cLow) * (c - cLow) + iLow;
    }
}
