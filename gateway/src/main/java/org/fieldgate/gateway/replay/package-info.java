/**
 * {@code fieldgate replay}: recorded readings (CSV, OpenEEW) through the real pipeline and rules on
 * a simulated clock. Docs: {@code docs/replay.md}.
 *
 * <p>May import: drivers, gateway.clock, gateway.config, gateway.pipeline, gateway.store.
 */
package org.fieldgate.gateway.replay;
