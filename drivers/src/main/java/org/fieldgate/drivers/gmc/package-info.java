/**
 * GQ Electronics GMC-300/320/500+/600/800 Geiger counters: ASCII commands, raw binary replies
 * without framing (GQ-RFC1201, GQ-RFC1801). Docs: {@code docs/drivers/gmc.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.gmc;
