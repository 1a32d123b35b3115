/**
 * The {@code fieldgate} command line (picocli): run, check, status, ack, watch, probe, replay,
 * dead-letters, keygen, command. Docs: README.
 *
 * <p>May import: drivers, drivers.io.transport, gateway.config, gateway.contract, gateway.replay,
 * gateway.runtime, gateway.signing,
 * gateway.status, gateway.store, gateway.uplink.
 */
package org.fieldgate.gateway.cli;
