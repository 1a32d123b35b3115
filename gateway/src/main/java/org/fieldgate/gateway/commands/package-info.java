/**
 * Commands from central systems on {@code R/G/cmd/{name}}: parsing with bounds, the gate every
 * command passes (an Ed25519 signature by a trusted key, a fresh {@code t}, an {@code id} never seen,
 * even across restarts), one worker that runs them in order off the MQTT client's threads, and the
 * replies on {@code R/G/reply/{id}} through the store. Docs: {@code docs/commands.md}.
 *
 * <p>May import: drivers, gateway.config, gateway.contract, gateway.signing.
 */
package org.fieldgate.gateway.commands;
