package org.fieldgate.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/** SQL work on one connection: a write on the writer's, or a read on a borrowed reader. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
