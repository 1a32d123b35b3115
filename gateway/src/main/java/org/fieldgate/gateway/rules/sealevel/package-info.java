/**
 * The tsunami detector of sea-level stations, of the JRC IDSL kind (Annunziato, Geosciences 2022):
 * quadratic least-squares forecasts over a short and a long window of readings, their difference
 * against a multiple of its rolling RMS and an absolute threshold, an up/down counter. Pure
 * arithmetic on (time, level) pairs; the rule around it is {@code rules.SeaLevelRule}. Docs:
 * {@code docs/sea-level.md}.
 *
 * <p>May import: nothing of fieldgate.
 */
package org.fieldgate.gateway.rules.sealevel;
