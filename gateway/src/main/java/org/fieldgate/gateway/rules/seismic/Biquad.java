package org.fieldgate.gateway.rules.seismic;

/**
 * A second-order Butterworth section (Q = 1/√2), high- or low-pass, from the RBJ audio-EQ cookbook,
 * run sample by sample (transposed direct form II).
 */
final class Biquad {

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double z1;
    private double z2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad highPass(double cornerHz, double sampleRate) {
        double w = checkedOmega(cornerHz, sampleRate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / Math.sqrt(2);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    static Biquad lowPass(double cornerHz, double sampleRate) {
        double w = checkedOmega(cornerHz, sampleRate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / Math.sqrt(2);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    private static double checkedOmega(double cornerHz, double sampleRate) {
        if (!(cornerHz > 0) || !(cornerHz < sampleRate / 2)) {
            throw new IllegalArgumentException("corner " + cornerHz + " Hz must lie between 0 and the Nyquist frequency "
                    + sampleRate / 2 + " Hz");
        }
        return 2 * Math.PI * cornerHz / sampleRate;
    }

    double next(double x) {
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }
}
