package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.fieldgate.gateway.runtime.RunFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's folder is created 0700 and its files are 0600 (they would be 0755/0644 under the
 * usual umask 022 if the modes were left to it), and files left wider by an older version are
 * tightened at open.
 */
class StoreFilePermissionsTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void appendOne(SqliteOutboxStore store) throws StoreException {
        store.append(Lane.ALERT, seq -> List.of(new OutgoingMessage("ews/gw/alert/x", false,
                ("{\"seq\":" + seq + "}").getBytes(UTF_8))));
    }

    @Test
    void theFoldersItCreatesAre0700AndEveryFile0600() throws Exception {
        String sharedBefore = mode(dir);
        Path db = dir.resolve("var/fieldgate/store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            appendOne(store);
            new RunFile(1, 2, "http://127.0.0.1:8080", "tcp://127.0.0.1:1883").write(RunFile.beside(db));

            assertThat(mode(dir.resolve("var"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("var/fieldgate"))).isEqualTo("rwx------");
            for (String name : new String[] {"store.db", "store.db-wal", "store.db-shm", "store.db.seq",
                    RunFile.NAME}) {
                assertThat(mode(dir.resolve("var/fieldgate/" + name))).as(name).isEqualTo("rw-------");
            }
        }
        assertThat(mode(dir)).as("a folder that existed is not the store's to change").isEqualTo(sharedBefore);
    }

    @Test
    void filesLeftWiderByAnOlderVersionAreTightenedAtOpen() throws Exception {
        Path db = dir.resolve("store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            appendOne(store);
        }
        for (String name : new String[] {"store.db", "store.db-wal", "store.db-shm", "store.db.seq"}) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            appendOne(store);
            for (String name : new String[] {"store.db", "store.db-wal", "store.db-shm"}) {
                assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
            }
        }
    }
}
