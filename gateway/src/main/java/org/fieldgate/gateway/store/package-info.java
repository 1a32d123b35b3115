/**
 * The outbox on SQLite: every message stored before it is sent, seqs, lanes (alerts first), the
 * disk budget and eviction, recovery after a crash, dead letters. Knows nothing of the rest of the
 * gateway. Docs: {@code docs/storage.md}.
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.store;
