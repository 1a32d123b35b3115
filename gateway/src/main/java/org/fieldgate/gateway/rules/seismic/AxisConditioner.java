package org.fieldgate.gateway.rules.seismic;

/**
 * What one axis goes through before detection: the offset (gravity, the sensor's bias, its slow
 * temperature drift) is removed, then an optional band-pass. The offset starts as the mean of the
 * warm-up samples (as ObsPy users demean a record before {@code classic_sta_lta}) and then follows
 * the signal with a {@value #OFFSET_TIME_CONSTANT_S} s exponential mean, held still during an event
 * so that strong shaking does not move it.
 */
final class AxisConditioner {

    static final double OFFSET_TIME_CONSTANT_S = 60;

    private final double follow;
    private final Biquad highPass;
    private final Biquad lowPass;
    private double offset;

    /**
     * @param initialOffset the warm-up mean
     * @param bandpass      {@code [low, high]} Hz, or null
     */
    AxisConditioner(double initialOffset, double sampleRate, double[] bandpass) {
        this.offset = initialOffset;
        this.follow = 1 / (OFFSET_TIME_CONSTANT_S * sampleRate);
        this.highPass = bandpass == null ? null : Biquad.highPass(bandpass[0], sampleRate);
        this.lowPass = bandpass == null ? null : Biquad.lowPass(bandpass[1], sampleRate);
    }

    /** The sample without its offset (for peak ground motion). */
    double demean(double raw, boolean holdOffset) {
        double value = raw - offset;
        if (!holdOffset) {
            offset += follow * value;
        }
        return value;
    }

    /** A demeaned sample through the band-pass, if any (for detection). */
    double filter(double demeaned) {
        return highPass == null ? demeaned : lowPass.next(highPass.next(demeaned));
    }
}
