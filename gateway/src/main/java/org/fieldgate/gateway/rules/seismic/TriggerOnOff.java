package org.fieldgate.gateway.rules.seismic;

import java.util.ArrayList;
import java.util.List;

/**
 * ObsPy's {@code trigger_onset(cft, thres1, thres2)}: an event starts at the first sample strictly
 * above {@code on} and ends at the last sample strictly above {@code off} before the function falls
 * to {@code off} or below. An event still on at the end of the array ends at the last sample (ObsPy
 * appends the last index above {@code off}). Requires {@code off <= on}.
 */
final class TriggerOnOff {

    /** One event as sample indices, both inclusive. */
    public record Onset(int on, int off) {
    }

    private TriggerOnOff() {
    }

    public static List<Onset> onsets(double[] cft, double on, double off) {
        if (off > on) {
            throw new IllegalArgumentException("off threshold " + off + " above on " + on);
        }
        List<Onset> events = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < cft.length; i++) {
            if (start < 0) {
                if (cft[i] > on) {
                    start = i;
                }
            } else if (!(cft[i] > off)) {
                events.add(new Onset(start, i - 1));
                start = -1;
            }
        }
        if (start >= 0) {
            events.add(new Onset(start, cft.length - 1));
        }
        return events;
    }
}
