package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reading connections: borrowed by one thread at a time, never shared concurrently, each
 * {@code query_only} so that a reader can never become a second writer.
 */
final class ReaderPool {

    private final Path file;
    private final AtomicBoolean closed;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    ReaderPool(Path file, AtomicBoolean closed) {
        this.file = file;
        this.closed = closed;
    }

    /** Runs {@code work} on a borrowed reader. */
    <T> T read(String op, SqlWork<T> work) throws StoreException {
        Connection c;
        try {
            c = borrow(op);
        } catch (SQLException e) {
            throw SqliteErrors.failure(file, op, e);
        }
        boolean healthy = false;
        try {
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw SqliteErrors.failure(file, op, e);
        } finally {
            giveBack(c, healthy);
        }
    }

    Connection borrow(String op) throws SQLException, StoreException {
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed");
        }
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        c = SqliteConnections.connect(file, SqliteConnections.baseConfig());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1"); // a reader must never become a second writer
        } catch (SQLException e) {
            SqliteConnections.closeQuietly(c);
            throw e;
        }
        return c;
    }

    void giveBack(Connection c, boolean healthy) {
        if (!healthy) {
            SqliteConnections.closeQuietly(c); // after an error, start the next read on a fresh connection
            return;
        }
        idle.addFirst(c);
        if (closed.get()) {
            closeIdle();
        }
    }

    void closeIdle() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            SqliteConnections.closeQuietly(c);
        }
    }
}
