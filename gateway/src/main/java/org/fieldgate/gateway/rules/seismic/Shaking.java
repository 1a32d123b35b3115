package org.fieldgate.gateway.rules.seismic;

/**
 * What an earthquake trigger knows about the event so far, as its alerts carry it.
 *
 * @param onset  time of the first sample whose STA/LTA ratio rose above {@code on}, ms since the epoch
 * @param pga    vector peak ground acceleration since the onset, m/s², of the samples as delivered less
 *               the gravity they report (if any)
 * @param pgv    vector peak ground velocity since the onset, m/s (high-passed at 0.1 Hz)
 * @param mmi    instrumental intensity from {@code pga} (Worden et al. 2012), 1.0–10.0, one decimal
 * @param end    time of the last sample of the event (0 while it goes on)
 * @param reason why it ended: {@code ended} (the ratio fell to {@code off}), {@code max_duration},
 *               {@code gap} (the stream broke off or stopped), {@code restart} (the sensor's rate or
 *               axes changed, so the detector started again), or null while it goes on
 */
public record Shaking(long onset, double pga, double pgv, double mmi, long end, String reason) {

    /** The intensity of a vector PGA in m/s², as reported: clamped to I–X and rounded to 0.1. */
    public static double intensity(double pgaMetresPerSecondSquared) {
        if (!(pgaMetresPerSecondSquared > 0)) {
            return 1.0;
        }
        return Math.round(Intensity.fromPgaClamped(pgaMetresPerSecondSquared * 100) * 10) / 10.0;
    }
}
