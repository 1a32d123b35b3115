package org.fieldgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.gateway.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full filesystem: a 1 MB tmpfs (needs root; skipped where {@code mount} is not allowed),
 * filled up by another file, then freed.
 */
class SqliteOutboxStoreTmpfsIT {

    @TempDir
    Path dir;

    @Test
    void aFullFilesystemFailsAppendsCleanlyAndStoringResumesWhenSpaceReturns() throws Exception {
        Path mnt = dir.resolve("mnt");
        Tmpfs.mountOrSkip(mnt, "1m");
        try {
            Path db = mnt.resolve("store.db");
            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                List<Long> stored = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    stored.add(store.append(Lane.TELEMETRY, SqliteOutboxStoreFullDiskTest.telemetry()));
                }
                // something else (logs, say) takes the rest of the disk
                Path filler = mnt.resolve("filler");
                try (var out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[4096];
                    while (true) {
                        out.write(block);
                        out.flush();
                    }
                } catch (java.io.IOException expected) {
                    // No space left on device
                }
                StoreException full = null;
                for (int i = 0; i < 2000 && full == null; i++) {
                    try {
                        stored.add(store.append(Lane.TELEMETRY, SqliteOutboxStoreFullDiskTest.telemetry()));
                    } catch (StoreException e) {
                        full = e;
                    }
                }
                assertThat(full).as("an append fails on the full disk").isNotNull();
                System.out.println("full filesystem: " + full.getMessage());
                assertThat(store.health().writable()).isFalse();
                assertThat(store.stats().lastSeq()).isEqualTo(stored.get(stored.size() - 1));

                Files.delete(filler); // space returns
                long next = store.append(Lane.TELEMETRY, SqliteOutboxStoreFullDiskTest.telemetry());
                assertThat(next).isEqualTo(stored.get(stored.size() - 1) + 1);
                stored.add(next);
                assertThat(store.health().writable()).isTrue();
                assertThat(store.integrityCheck()).isEqualTo("ok");
                assertThat(store.page(Lane.TELEMETRY, 0, 100_000)).extracting(StoredMessage::seq)
                        .containsExactlyElementsOf(stored);
            }
            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                assertThat(store.health().recovery()).isNull();
                assertThat(store.integrityCheck()).isEqualTo("ok");
            }
        } finally {
            Tmpfs.unmount(mnt, false);
        }
    }
}
