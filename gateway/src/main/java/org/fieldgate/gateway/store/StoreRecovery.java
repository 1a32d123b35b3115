package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery when the store opens: checks the WAL ({@link WalInspector}) and keeps a damaged one for a
 * post-mortem; after SQLite dropped a damaged WAL tail, continues the seqs above the reservation
 * mark; a damaged database is moved aside, what can be read of it is copied into a new store
 * ({@link StoreSalvage}), and the seqs continue above everything it had.
 */
final class StoreRecovery {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    private static final DateTimeFormatter ASIDE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private StoreRecovery() {
    }

    /**
     * Opens the store at {@code db} (absolute, its folder made): checks its WAL first, replaces it
     * when it is damaged, and reports what was done in its health.
     */
    static SqliteOutboxStore open(Path db, Clock clock, long maxBytes) throws StoreException {
        WalInspector.Report wal = inspectWal(db);
        String damagedWalCopy = null;
        if (wal.damaged()) {
            damagedWalCopy = keepDamagedWal(db);
        }
        SqliteOutboxStore store;
        try {
            store = SqliteOutboxStore.started(db, clock, maxBytes, Files.exists(db) && DiskBudget.sizeOrZero(db) > 0);
        } catch (SqliteErrors.DamagedStore e) {
            return replaceDamaged(db, clock, maxBytes, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        if (wal.damaged()) {
            store.recovered(afterWalDamage(store, wal, damagedWalCopy));
        } else if (wal.unfinishedFrames() > 0) {
            log.warn("outbox {}: an unfinished write ({} WAL frame(s) after the last commit) was rolled back;"
                    + " it was never reported as stored", db, wal.unfinishedFrames());
        }
        return store;
    }

    private static WalInspector.Report inspectWal(Path db) {
        try {
            return WalInspector.inspect(Path.of(db + "-wal"));
        } catch (IOException e) {
            log.warn("outbox {}: cannot read its WAL to check it: {}", db, e.toString());
            return new WalInspector.Report(false, 0, 0, 0, false);
        }
    }

    /**
     * Keeps a copy of a damaged WAL for a post-mortem (SQLite will overwrite it), and removes the
     * shared-memory index so SQLite rebuilds it from the WAL rather than trusting a stale one.
     */
    private static String keepDamagedWal(Path db) {
        Path wal = Path.of(db + "-wal");
        Path copy = Path.of(db + "-wal.damaged-" + ASIDE_TIME.format(Instant.now()));
        try {
            Files.copy(wal, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(Path.of(db + "-shm"));
            return copy.toString();
        } catch (IOException e) {
            log.warn("outbox {}: cannot keep a copy of its damaged WAL: {}", db, e.toString());
            return null;
        }
    }

    /** After SQLite dropped a damaged WAL tail: continue above every seq that may have been used. */
    private static StoreHealth.Recovery afterWalDamage(SqliteOutboxStore store, WalInspector.Report wal, String walCopy)
            throws StoreException {
        long[] range = store.writer().run("recover", c -> StoreWriter.inTransaction(c, () -> {
            long last = OutboxSchema.readLastSeq(c);
            long reserved = store.reservation().reserved();
            if (reserved > last) {
                try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'last_seq'")) {
                    u.setLong(1, reserved);
                    u.executeUpdate();
                }
                return new long[]{last + 1, reserved};
            }
            return new long[]{0, 0};
        }));
        String seqs = range[0] > 0 ? "seqs " + range[0] + ".." + range[1] + " may be missing (new seqs start at "
                + (range[1] + 1) + ")" : "missing seqs unknown";
        String summary = wal.describe() + "; rows lost: unknown; " + seqs;
        log.error("outbox {}: {}; damaged WAL kept as {}", store.file(), summary, walCopy);
        return new StoreHealth.Recovery(summary, null, 0, -1, range[0], range[1]);
    }

    /** Moves a damaged store aside, starts a new one, and copies into it what can be read. */
    private static SqliteOutboxStore replaceDamaged(Path db, Clock clock, long maxBytes, String why)
            throws StoreException {
        Path aside = Path.of(db + ".corrupt-" + ASIDE_TIME.format(clock.instant()));
        for (int i = 1; Files.exists(aside); i++) {
            aside = Path.of(db + ".corrupt-" + ASIDE_TIME.format(clock.instant()) + "-" + i);
        }
        try {
            Files.move(db, aside);
            for (String suffix : new String[]{"-wal", "-shm"}) {
                Path p = Path.of(db + suffix);
                if (Files.exists(p)) {
                    Files.move(p, Path.of(aside + suffix));
                }
            }
        } catch (IOException e) {
            throw new StoreException("outbox " + db + " is damaged (" + why + ") and cannot be moved aside: " + e, e);
        }
        log.error("outbox {} is DAMAGED ({}): moved it aside to {} (with its -wal/-shm) and started a new, empty"
                + " store at {}; salvaging what can still be read", db, why, aside, db);
        SqliteOutboxStore store = SqliteOutboxStore.started(db, clock, maxBytes, false);
        StoreSalvage.Result r = StoreSalvage.salvage(aside, rows -> store.writer().run("salvage",
                c -> StoreWriter.inTransaction(c, () -> {
                    OutboxWrites.insertSalvaged(c, rows);
                    return null;
                })));
        long floor = Math.max(Math.max(r.lastSeq(), r.maxSeq()), store.reservation().reserved());
        store.writer().run("recover", c -> StoreWriter.inTransaction(c, () -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE meta SET value = max(value, ?) WHERE key = 'last_seq'")) {
                u.setLong(1, floor);
                u.executeUpdate();
            }
            return null;
        }));
        long lost = r.claimed() >= 0 ? Math.max(0, r.claimed() - r.salvaged()) : -1;
        String summary = "damaged store moved aside (" + why + "); salvaged " + r.salvaged() + " row(s)"
                + (r.holes() > 0 ? " around " + r.holes() + " unreadable region(s)" : "")
                + "; rows lost: " + (lost >= 0 ? lost : "unknown") + "; new seqs start at " + (floor + 1);
        store.recovered(new StoreHealth.Recovery(summary, aside.toString(), r.salvaged(), lost, 0, 0));
        log.error("outbox {}: {}", db, summary);
        return store;
    }
}
