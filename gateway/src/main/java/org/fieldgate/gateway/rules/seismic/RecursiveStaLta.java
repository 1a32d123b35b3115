package org.fieldgate.gateway.rules.seismic;

/** Recursive STA/LTA as ObsPy's {@code recstalta.c}. */
final class RecursiveStaLta implements StaLta {

    /** ObsPy's initial LTA, which avoids a division by zero. */
    private static final double LTA_START = 1e-99;

    private final int nlta;
    private final double csta;
    private final double clta;
    private long count;
    private double sta;
    private double lta = LTA_START;

    RecursiveStaLta(int nsta, int nlta) {
        StaLta.checkWindows(nsta, nlta);
        this.nlta = nlta;
        this.csta = 1.0 / nsta;
        this.clta = 1.0 / nlta;
    }

    @Override
    public double next(double sample) {
        long i = count++;
        if (i == 0) {
            return 0.0; // ObsPy's loop starts at sample 1
        }
        double sq = sample * sample;
        sta = csta * sq + (1 - csta) * sta;
        lta = clta * sq + (1 - clta) * lta;
        return i < nlta ? 0.0 : sta / lta;
    }

    @Override
    public double sta() {
        return sta;
    }

    @Override
    public double lta() {
        return lta;
    }

    @Override
    public void reset() {
        count = 0;
        sta = 0.0;
        lta = LTA_START;
    }
}
