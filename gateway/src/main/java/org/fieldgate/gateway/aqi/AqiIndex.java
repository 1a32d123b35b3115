package org.fieldgate.gateway.aqi;

import java.util.Map;
import java.util.OptionalInt;

/** The overall index of a table: the highest sub-index of the pollutants given. */
final class AqiIndex {

    private AqiIndex() {
    }

    /**
     * The index under {@code table} of the (already NowCast) concentrations given, empty when none
     * is given. Both EPA and Decision 1459/QĐ-TCMT take the maximum of the pollutants' sub-indices.
     */
    public static OptionalInt of(AqiTable table, Map<Pollutant, Double> concentrations) {
        int best = -1;
        for (Map.Entry<Pollutant, Double> e : concentrations.entrySet()) {
            OptionalInt i = table.index(e.getKey(), e.getValue());
            if (i.isPresent()) {
                best = Math.max(best, i.getAsInt());
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
