/**
 * The outbox on SQLite: every message stored before it is sent, seqs, lanes (alerts first), the
 * disk budget and eviction, recovery after a crash, dead letters. Knows nothing of the rest of the
 * gateway. Docs: {@code docs/storage.md}.
 *
 * <p>{@code SqliteOutboxStore} is the API; its parts: {@code OutboxSchema} (tables, migrations),
 * {@code StoreWriter} (the single writer), {@code ReaderPool}, {@code OutboxWrites} and
 * {@code OutboxReads} (the SQL), {@code DiskBudget} (budget, eviction), {@code Housekeeper} (deferred
 * deletes, checkpoints, vacuum), {@code StoreRecovery} with {@code WalInspector} and
 * {@code StoreSalvage} (damage at open), {@code SqliteErrors} (what a failure means).
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.store;
