package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk (simulated with {@code PRAGMA max_page_count}) fails appends cleanly, then storing resumes. */
class SqliteOutboxStoreFullDiskTest {

    @TempDir
    Path dir;

    static SeqPayloads telemetry() {
        return s -> List.of(new OutgoingMessage("ews/g/telemetry/t", false, ("{\"seq\":" + s + ",\"pad\":\""
                + "x".repeat(1000) + "\"}").getBytes(UTF_8)));
    }

    @Test
    void appendsFailWithoutDamageWhileFullAndResumeWhenSpaceReturns() throws Exception {
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("store.db"), Clock.systemUTC())) {
            List<Long> stored = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stored.add(store.append(Lane.TELEMETRY, telemetry()));
            }
            assertThat(store.health().writable()).isTrue();
            // no new pages (SQLite keeps the pages it has): once the free space in them is used up,
            // SQLITE_FULL, as with a full disk
            store.limitPages(1);
            StoreException full = null;
            for (int i = 0; i < 1000 && full == null; i++) {
                try {
                    stored.add(store.append(Lane.TELEMETRY, telemetry()));
                } catch (StoreException e) {
                    full = e;
                }
            }
            assertThat(full).isNotNull().hasMessageContaining("full");
            long lastStored = stored.get(stored.size() - 1);
            assertThatThrownBy(() -> store.append(Lane.TELEMETRY, telemetry())).isInstanceOf(StoreException.class);
            StoreHealth h = store.health();
            assertThat(h.writable()).isFalse();
            assertThat(h.unwritableSince()).isPositive();
            assertThat(h.writeError()).contains("full");
            assertThat(store.stats().lastSeq()).isEqualTo(lastStored); // nothing half-written, no seq consumed
            assertThat(store.integrityCheck()).isEqualTo("ok");

            store.limitPages(1_000_000_000L); // space returns
            long next = store.append(Lane.TELEMETRY, telemetry());
            assertThat(next).isEqualTo(lastStored + 1);
            assertThat(store.health()).isEqualTo(StoreHealth.OK);
            stored.add(next);
            assertThat(store.page(Lane.TELEMETRY, 0, 10_000)).extracting(StoredMessage::seq).containsExactlyElementsOf(stored);
            assertThat(store.stats().messages()).isEqualTo(stored.size());
        }
    }
}
