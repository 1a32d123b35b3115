package org.fieldgate.drivers.mightyohm;

/**
 * One report line, e.g. {@code CPS, 0, CPM, 13, uSv/hr, 0.07, SLOW}.
 *
 * @param cps       counts in the last second
 * @param cpm       counts per minute as the kit reports them (see {@code mode})
 * @param usvH      the kit's own dose rate, two decimals, truncated
 * @param mode      {@code SLOW}: the last 60 s; {@code FAST}: the last 5 s × 12 (the 5-s rate is above
 *                  1000 CPM); {@code INST}: this second × 60 (more than 255 counts in it)
 */
public record MightyOhmLine(long cps, long cpm, double usvH, String mode) {
}
