/**
 * Ed25519 keys in PEM files (as {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write them) and the canonical form of a command that central signs
 * and the gateway verifies. Pure: no threads, no I/O beyond reading and writing key files. Docs:
 * {@code docs/commands.md}.
 *
 * <p>May import: nothing else of fieldgate.
 */
package org.fieldgate.gateway.signing;
