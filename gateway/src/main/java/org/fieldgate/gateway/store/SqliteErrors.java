package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Tells SQLite's failures apart: damage (the store is replaced), disk trouble (full disk or I/O
 * error: the store is unwritable until space returns), and our own refusals; and words a failure
 * for the operator.
 */
final class SqliteErrors {

    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }

    /** SQLITE_CORRUPT, SQLITE_NOTADB, or a check of ours that found damage. */
    static boolean isDamage(SQLException e) {
        if (e instanceof Damage) {
            return true;
        }
        int code = primaryCode(e);
        String m = String.valueOf(e.getMessage());
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || m.contains("SQLITE_CORRUPT")
                || m.contains("SQLITE_NOTADB") || m.contains("malformed") || m.contains("not a database");
    }

    /** SQLITE_FULL or SQLITE_IOERR: the disk, not the data. */
    static boolean isDiskTrouble(SQLException e) {
        int code = primaryCode(e);
        String m = String.valueOf(e.getMessage());
        return code == SQLITE_FULL || code == SQLITE_IOERR || m.contains("SQLITE_FULL") || m.contains("SQLITE_IOERR")
                || m.contains("No space left") || m.contains("disk is full")
                || (e.getCause() instanceof IOException);
    }

    /** SQLITE_IOERR: the connection that saw it is not trusted again. */
    static boolean isIoError(SQLException e) {
        return primaryCode(e) == SQLITE_IOERR;
    }

    /** The failure of {@code op} on the outbox {@code file}, worded for the operator. */
    static StoreException failure(Path file, String op, SQLException e) {
        String why = e.getMessage();
        if (why != null && (why.contains("SQLITE_NOTADB") || why.contains("not a database"))) {
            why = "the file is not a SQLite database (" + why + ")";
        }
        return new StoreException("outbox " + file + ": " + op + " failed: " + why, e);
    }

    /** The file is damaged: the store replaces it. */
    static final class DamagedStore extends StoreException {
        DamagedStore(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Raised inside SQL work when a check finds damage. */
    static final class Damage extends SQLException {
        Damage(String message) {
            super(message);
        }
    }

    /** The store was written by a newer schema than this code knows. */
    static final class NewerSchema extends SQLException {
        NewerSchema(String message) {
            super(message);
        }
    }

    /** The budget is full of rows that may not be evicted. */
    static final class BudgetFull extends SQLException {
        BudgetFull(String message) {
            super(message);
        }
    }
}
