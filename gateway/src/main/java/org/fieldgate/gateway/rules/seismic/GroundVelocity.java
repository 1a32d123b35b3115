package org.fieldgate.gateway.rules.seismic;

/**
 * Ground velocity of one axis from its acceleration, the usual strong-motion way: high-pass the
 * acceleration, integrate (trapezoid), high-pass the velocity, both at {@value #CORNER_HZ} Hz, so an
 * uncorrected offset or a tilt does not grow into a drifting velocity. Periods much longer than
 * 1/{@value #CORNER_HZ} s are lost, which is what makes the integration stable.
 */
final class GroundVelocity {

    static final double CORNER_HZ = 0.1;

    private final Biquad accelerationHighPass;
    private final Biquad velocityHighPass;
    private final double halfDt;
    private final double leak;
    private double previousAcceleration;
    private double velocity;

    GroundVelocity(double sampleRate) {
        this.accelerationHighPass = Biquad.highPass(CORNER_HZ, sampleRate);
        this.velocityHighPass = Biquad.highPass(CORNER_HZ, sampleRate);
        this.halfDt = 0.5 / sampleRate;
        this.leak = 1 - 2 * Math.PI * (CORNER_HZ / 10) / sampleRate; // keeps the running integral bounded
    }

    /** Takes the next acceleration sample; returns the velocity at it (acceleration unit × s). */
    double next(double acceleration) {
        double a = accelerationHighPass.next(acceleration);
        velocity = velocity * leak + (a + previousAcceleration) * halfDt;
        previousAcceleration = a;
        return velocityHighPass.next(velocity);
    }
}
