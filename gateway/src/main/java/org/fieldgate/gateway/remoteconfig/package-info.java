/**
 * Remote configuration: numbered config versions kept next to the store, which one runs (the
 * technician's local file or a version central sent), probation and the way back. Every change of
 * state is one atomic file write, so a crash or a power cut at any point leaves the gateway on a
 * config that worked. Docs: {@code docs/commands.md}.
 *
 * <p>May import: drivers, gateway.config, gateway.contract, gateway.signing.
 */
package org.fieldgate.gateway.remoteconfig;
