/**
 * Earthquake detection on waveforms: STA/LTA trigger, offset removal, PGA, PGV and intensity. Docs:
 * {@code docs/seismic.md}.
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.rules.seismic;
