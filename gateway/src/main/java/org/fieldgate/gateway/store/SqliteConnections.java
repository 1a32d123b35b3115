package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/** Opens and closes connections to the outbox file, with the settings every connection shares. */
final class SqliteConnections {

    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private SqliteConnections() {
    }

    static SQLiteConfig baseConfig() {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setGetGeneratedKeys(false); // we never read them; fetching costs 20-40 % per insert
        return cfg;
    }

    static Connection connect(Path file, SQLiteConfig cfg) throws SQLException {
        // pragmas in cfg run at connect time, so a file that is not a database fails right here
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing an outbox connection failed: {}", e.getMessage());
        }
    }
}
