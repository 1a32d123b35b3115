package org.fieldgate.gateway.rules.seismic;

/**
 * Instrumental intensity (MMI) from peak ground acceleration, Worden et al. (2012), "Probabilistic
 * relationships between ground-motion parameters and Modified Mercalli Intensity in California",
 * BSSA 102(1), 204–221, table 1 (PGA in cm/s²): {@code MMI = 1.78 + 1.55·log10(PGA)} for
 * {@code log10(PGA) <= 1.57}, else {@code −1.60 + 3.70·log10(PGA)}.
 */
final class Intensity {

    /** log10(PGA in gal) where the two branches meet. */
    static final double BREAK_LOG10_PGA = 1.57;

    private Intensity() {
    }

    /**
     * The equation as published, unclamped.
     *
     * @param pgaGal peak ground acceleration in gal (cm/s²); 0 gives negative infinity
     */
    public static double fromPga(double pgaGal) {
        double lg = Math.log10(pgaGal);
        return lg <= BREAK_LOG10_PGA ? 1.78 + 1.55 * lg : -1.60 + 3.70 * lg;
    }

    /** {@link #fromPga} limited to the scale's range I–X (1.0 to 10.0), as ShakeMap reports it. */
    public static double fromPgaClamped(double pgaGal) {
        return Math.min(10.0, Math.max(1.0, fromPga(pgaGal)));
    }
}
