package org.fieldgate.gateway.rules.seismic;

/**
 * Classic STA/LTA over a ring buffer of the last {@code nlta} squared samples. The running sums are
 * recomputed from the buffer each time it wraps, so rounding cannot drift over days of streaming
 * (O(1) per sample amortised).
 */
final class ClassicStaLta implements StaLta {

    private final int nsta;
    private final int nlta;
    private final double[] squares;
    private long count;
    private double staSum;
    private double ltaSum;

    ClassicStaLta(int nsta, int nlta) {
        StaLta.checkWindows(nsta, nlta);
        this.nsta = nsta;
        this.nlta = nlta;
        this.squares = new double[nlta];
    }

    @Override
    public double next(double sample) {
        int slot = (int) (count % nlta);
        double sq = sample * sample;
        // the value leaving the LTA window is the one in this slot; the one leaving the STA window
        // sits nsta slots back (both are 0 while the buffer is still filling)
        double leavingLta = squares[slot];
        double leavingSta = squares[Math.floorMod(slot - nsta, nlta)];
        squares[slot] = sq;
        count++;
        if (slot == nlta - 1) {
            resum();
        } else {
            ltaSum += sq - leavingLta;
            staSum += sq - (count > nsta ? leavingSta : 0.0);
        }
        if (count < nlta) {
            return 0.0;
        }
        return sta() / lta();
    }

    @Override
    public double sta() {
        return staSum / nsta;
    }

    @Override
    public double lta() {
        // ObsPy's classic_sta_lta_py guards lta with the smallest normal double
        return Math.max(ltaSum / nlta, Double.MIN_NORMAL);
    }

    private void resum() {
        double lta = 0.0;
        double sta = 0.0;
        int filled = (int) Math.min(count, nlta);
        for (int k = 0; k < filled; k++) {
            double v = squares[Math.floorMod((int) ((count - 1 - k) % nlta), nlta)];
            lta += v;
            if (k < nsta) {
                sta += v;
            }
        }
        ltaSum = lta;
        staSum = sta;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(squares, 0.0);
        count = 0;
        staSum = 0.0;
        ltaSum = 0.0;
    }
}
