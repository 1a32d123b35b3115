/**
 * Agreement of two particulate sensors at one site (a reading is suspect when the pair disagrees).
 * Docs: {@code docs/drivers/pm-pairing.md}.
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.drivers.pmpair;
