/**
 * The {@code fieldgate} command line (picocli): run, check, status, ack, watch, probe, replay,
 * dead-letters. Docs: README.
 *
 * <p>May import: drivers, drivers.io.transport, gateway.config, gateway.replay, gateway.runtime,
 * gateway.status, gateway.store, gateway.uplink.
 */
package org.fieldgate.gateway.cli;
