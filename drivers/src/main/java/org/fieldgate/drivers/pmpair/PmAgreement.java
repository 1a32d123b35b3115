package org.fieldgate.drivers.pmpair;

/**
 * Whether two PM2.5 readings of co-located sensors (PurpleAir channels A and B, or two sensors
 * paired in the config) agree, by the US EPA rule for PurpleAir data (Barkjohn, Gantt and Clements,
 * AMT 14, 4617–4637, 2021): a pair is kept unless the channels differ by more than 5 µg/m³ AND by
 * more than 70 % relative to their mean:
 *
 * <pre>  disagree  ⇔  |a − b| &gt; 5  ∧  |a − b| / ((a + b) / 2) &gt; 0.70</pre>
 *
 * Both limits are exclusive: a difference of exactly 5 µg/m³ or exactly 70 % still agrees. At low
 * concentrations the absolute limit decides, at high ones the relative limit.
 */
public final class PmAgreement {

    /** µg/m³: differences up to this always agree. */
    public static final double MAX_ABSOLUTE_DIFFERENCE = 5.0;
    /** Differences up to this fraction of the pair's mean always agree. */
    public static final double MAX_RELATIVE_DIFFERENCE = 0.70;

    private PmAgreement() {
    }

    /**
     * True when {@code a} and {@code b} (µg/m³) disagree; a value that is not a finite number
     * disagrees with anything.
     */
    public static boolean disagree(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return true;
        }
        double difference = Math.abs(a - b);
        if (difference <= MAX_ABSOLUTE_DIFFERENCE) {
            return false;
        }
        double mean = (a + b) / 2;
        // a mean at or below zero with a difference above 5 µg/m³ means a negative reading: no agreement
        return mean <= 0 || difference / mean > MAX_RELATIVE_DIFFERENCE;
    }
}
