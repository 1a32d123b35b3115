/**
 * Rules at the edge: one condition type per rule kind (levels, rate, silent, stuck, combined,
 * STA/LTA, sea level), the engine that routes readings to them and the alert events they raise. Docs: {@code
 * docs/rules.md}.
 *
 * <p>May import: drivers, gateway.config, gateway.rules.sealevel, gateway.rules.seismic.
 */
package org.fieldgate.gateway.rules;
