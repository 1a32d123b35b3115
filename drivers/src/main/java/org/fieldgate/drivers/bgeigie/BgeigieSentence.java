package org.fieldgate.drivers.bgeigie;

/**
 * One bGeigie log sentence, e.g.
 * {@code $BNRDD,2108,2013-12-06T13:03:58Z,22,2,115,A,3145.7607,N,03510.1975,E,734.90,V,3,908*64}.
 *
 * @param device   the logger's id
 * @param time     its ISO-8601 UTC time, as sent
 * @param cpm      counts in the last minute
 * @param count5s  counts in the last 5 seconds
 * @param total    counts since power-up
 * @param valid    {@code A}: the counter has run more than a minute and the minute count is not 0
 * @param lat      latitude in degrees (south negative), NaN without one
 * @param lon      longitude in degrees (west negative), NaN without one
 * @param gpsValid {@code A}: the GPS has a fix
 */
public record BgeigieSentence(String device, String time, long cpm, long count5s, long total, boolean valid,
                              double lat, double lon, boolean gpsValid) {
}
