package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldgate.drivers.testing.HandClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOutboxStoreTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    private static SeqPayloads one(String topic) {
        return seq -> List.of(new OutgoingMessage(topic, false, ("{\"seq\":" + seq + "}").getBytes(UTF_8)));
    }

    private SqliteOutboxStore open() throws StoreException {
        return SqliteOutboxStore.open(dir.resolve("sub/dir/store.db"), clock);
    }

    @Test
    void createsParentFoldersAndStartsEmpty() throws Exception {
        try (SqliteOutboxStore store = open()) {
            assertThat(Files.exists(dir.resolve("sub/dir/store.db"))).isTrue();
            BacklogStats stats = store.stats();
            assertThat(stats.messages()).isZero();
            assertThat(stats.bytes()).isZero();
            assertThat(stats.oldestCreated()).isZero();
            assertThat(stats.lastSeq()).isZero();
            assertThat(stats.fileBytes()).isPositive();
        }
    }

    @Test
    void seqIncrementsAndIsWrittenIntoThePayload() throws Exception {
        try (SqliteOutboxStore store = open()) {
            assertThat(store.append(Lane.TELEMETRY, one("ews/g/telemetry/a"))).isEqualTo(1);
            assertThat(store.append(Lane.TELEMETRY, one("ews/g/telemetry/a"))).isEqualTo(2);
            assertThat(store.append(Lane.ALERT, one("ews/g/alert/r"))).isEqualTo(3);
            List<StoredMessage> rows = store.page(Lane.TELEMETRY, 0, 10);
            assertThat(rows).extracting(StoredMessage::seq).containsExactly(1L, 2L);
            assertThat(new String(rows.get(1).payload(), UTF_8)).isEqualTo("{\"seq\":2}");
            assertThat(rows.get(0).topic()).isEqualTo("ews/g/telemetry/a");
            assertThat(rows.get(0).lane()).isEqualTo(Lane.TELEMETRY);
            assertThat(rows.get(0).createdAt()).isEqualTo(clock.millis());
        }
    }

    @Test
    void seqSurvivesCloseAndReopen() throws Exception {
        try (SqliteOutboxStore store = open()) {
            store.append(Lane.TELEMETRY, one("t"));
            store.append(Lane.TELEMETRY, one("t"));
        }
        try (SqliteOutboxStore store = open()) {
            assertThat(store.stats().lastSeq()).isEqualTo(2);
            assertThat(store.stats().messages()).isEqualTo(2);
            assertThat(store.append(Lane.TELEMETRY, one("t"))).isEqualTo(3);
        }
    }

    @Test
    void seqAndIdAreNeverReusedAfterDeletingEverythingAndReopening() throws Exception {
        long lastId;
        try (SqliteOutboxStore store = open()) {
            for (int i = 0; i < 5; i++) {
                store.append(Lane.TELEMETRY, one("t"));
            }
            List<StoredMessage> rows = store.page(Lane.TELEMETRY, 0, 100);
            lastId = rows.get(rows.size() - 1).id();
            for (StoredMessage m : rows) {
                store.delete(m.id());
            }
            assertThat(store.stats().messages()).isZero();
        }
        try (SqliteOutboxStore store = open()) {
            assertThat(store.append(Lane.TELEMETRY, one("t"))).isEqualTo(6);
            StoredMessage row = store.page(Lane.TELEMETRY, 0, 10).get(0);
            assertThat(row.id()).isGreaterThan(lastId);
        }
    }

    @Test
    void deletingAMissingRowIsNotAnError() throws Exception {
        try (SqliteOutboxStore store = open()) {
            store.delete(12345);
            long seq = store.append(Lane.ALERT, one("a"));
            long id = store.page(Lane.ALERT, 0, 1).get(0).id();
            store.delete(id);
            store.delete(id);
            assertThat(store.stats().messages()).isZero();
            assertThat(seq).isEqualTo(1);
        }
    }

    @Test
    void lanesAreSeparateAndPagesAreOrderedAndBounded() throws Exception {
        try (SqliteOutboxStore store = open()) {
            for (int i = 0; i < 25; i++) {
                store.append(i % 5 == 0 ? Lane.ALERT : Lane.TELEMETRY, one(i % 5 == 0 ? "a" : "t"));
            }
            List<Long> telemetrySeqs = new ArrayList<>();
            long after = 0;
            List<StoredMessage> page;
            while (!(page = store.page(Lane.TELEMETRY, after, 7)).isEmpty()) {
                assertThat(page.size()).isLessThanOrEqualTo(7);
                for (StoredMessage m : page) {
                    assertThat(m.id()).isGreaterThan(after);
                    assertThat(m.topic()).isEqualTo("t");
                    after = m.id();
                    telemetrySeqs.add(m.seq());
                }
            }
            assertThat(telemetrySeqs).hasSize(20).isSorted();
            assertThat(store.page(Lane.ALERT, 0, 100)).extracting(StoredMessage::seq)
                    .containsExactly(1L, 6L, 11L, 16L, 21L);
            assertThat(store.page(Lane.ALERT, 0, 0)).isEmpty();
        }
    }

    @Test
    void alertWithTwoRowsSharesOneSeq() throws Exception {
        try (SqliteOutboxStore store = open()) {
            store.append(Lane.TELEMETRY, one("t"));
            long seq = store.append(Lane.ALERT, s -> List.of(
                    new OutgoingMessage("ews/g/alert/flood", false, ("{\"seq\":" + s + "}").getBytes(UTF_8)),
                    new OutgoingMessage("ews/g/alarm/flood", true, ("{\"seq\":" + s + "}").getBytes(UTF_8))));
            assertThat(seq).isEqualTo(2);
            List<StoredMessage> rows = store.page(Lane.ALERT, 0, 10);
            assertThat(rows).hasSize(2);
            assertThat(rows).extracting(StoredMessage::seq).containsOnly(2L);
            assertThat(rows.get(0).topic()).isEqualTo("ews/g/alert/flood");
            assertThat(rows.get(0).retained()).isFalse();
            assertThat(rows.get(1).topic()).isEqualTo("ews/g/alarm/flood");
            assertThat(rows.get(1).retained()).isTrue();
            assertThat(store.append(Lane.TELEMETRY, one("t"))).isEqualTo(3);
        }
    }

    @Test
    void statsCountRowsBytesOldestAndLastSeq() throws Exception {
        Path file = dir.resolve("s.db");
        HandClock moving = new HandClock(1000);
        try (SqliteOutboxStore store = SqliteOutboxStore.open(file, moving)) {
            // ASCII like every real payload: one starting with a 0x00 byte is stored wrapped (StoredPayload)
            store.append(Lane.TELEMETRY, s -> List.of(new OutgoingMessage("t", false, "0123456789".getBytes(UTF_8))));
            moving.millis = 2000;
            store.append(Lane.ALERT, s -> List.of(new OutgoingMessage("a", false, "abc".getBytes(UTF_8)),
                    new OutgoingMessage("b", true, "abc".getBytes(UTF_8))));
            BacklogStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(3);
            assertThat(stats.bytes()).isEqualTo(16);
            assertThat(stats.oldestCreated()).isEqualTo(1000);
            assertThat(stats.lastSeq()).isEqualTo(2);
            long onDisk = Files.size(file) + (Files.exists(Path.of(file + "-wal")) ? Files.size(Path.of(file + "-wal")) : 0);
            assertThat(stats.fileBytes()).isEqualTo(onDisk);

            store.delete(store.page(Lane.TELEMETRY, 0, 1).get(0).id());
            assertThat(store.stats().oldestCreated()).isEqualTo(2000);
            assertThat(store.stats().messages()).isEqualTo(2);
            assertThat(store.stats().bytes()).isEqualTo(6);
            store.delete(424242); // a missing row changes no total
            assertThat(store.stats().messages()).isEqualTo(2);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(file, moving)) {
            assertThat(store.stats().messages()).isEqualTo(2);
            assertThat(store.stats().bytes()).isEqualTo(6);
            for (StoredMessage m : store.page(Lane.ALERT, 0, 10)) {
                store.delete(m.id());
            }
            BacklogStats empty = store.stats();
            assertThat(empty.messages()).isZero();
            assertThat(empty.bytes()).isZero();
            assertThat(empty.oldestCreated()).isZero();
            assertThat(empty.lastSeq()).isEqualTo(2);
        }
    }

    @Test
    void aFailingPayloadBuilderRollsBackAndConsumesNoSeq() throws Exception {
        try (SqliteOutboxStore store = open()) {
            assertThatThrownBy(() -> store.append(Lane.TELEMETRY, s -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThatThrownBy(() -> store.append(Lane.TELEMETRY, s -> List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.stats().lastSeq()).isZero();
            assertThat(store.append(Lane.TELEMETRY, one("t"))).isEqualTo(1);
        }
    }

    @Test
    void concurrentAppendersGetDistinctIncreasingSeqs() throws Exception {
        try (SqliteOutboxStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < 25; i++) {
                            seqs.add(store.append(Lane.TELEMETRY, one("t")));
                            store.page(Lane.TELEMETRY, 0, 5);
                        }
                        return seqs;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : futures) {
                    List<Long> seqs = f.get();
                    assertThat(seqs).isSorted();
                    all.addAll(seqs);
                }
                assertThat(all).doesNotHaveDuplicates().hasSize(100);
                assertThat(store.stats().lastSeq()).isEqualTo(100);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() throws Exception {
        SqliteOutboxStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.append(Lane.TELEMETRY, one("t")))
                .isInstanceOf(StoreException.class).hasMessageContaining("store.db").hasMessageContaining("closed");
        assertThatThrownBy(() -> store.stats()).isInstanceOf(StoreException.class);
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndANewStoreStarts() throws Exception {
        Path junk = dir.resolve("junk.db");
        byte[] text = new byte[8192];
        java.util.Arrays.fill(text, (byte) 'x');
        Files.write(junk, text);
        try (SqliteOutboxStore store = SqliteOutboxStore.open(junk, clock)) {
            StoreHealth.Recovery r = store.health().recovery();
            assertThat(r).isNotNull();
            assertThat(r.movedAside()).startsWith(junk.toAbsolutePath() + ".corrupt-20231114T221320Z");
            assertThat(r.salvagedRows()).isZero();
            assertThat(Files.readAllBytes(Path.of(r.movedAside()))).isEqualTo(text); // nothing was overwritten
            assertThat(store.append(Lane.TELEMETRY, one("t"))).isEqualTo(1);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void deleteAllRemovesRowsInOneCallAndKeepsTotals() throws Exception {
        try (SqliteOutboxStore store = open()) {
            for (int i = 0; i < 10; i++) {
                store.append(Lane.TELEMETRY, one("t"));
            }
            List<StoredMessage> rows = store.page(Lane.TELEMETRY, 0, 100);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(rows.get(i).id());
            }
            ids.add(999_999L); // gone already: skipped
            store.deleteAll(ids);
            store.deleteAll(List.of());
            assertThat(store.page(Lane.TELEMETRY, 0, 100)).extracting(StoredMessage::seq)
                    .containsExactly(7L, 8L, 9L, 10L);
            BacklogStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(4);
            long bytes = 0;
            for (StoredMessage m : store.page(Lane.TELEMETRY, 0, 100)) {
                bytes += m.payload().length;
            }
            assertThat(stats.bytes()).isEqualTo(bytes);
        }
    }

    @Test
    void deadLetteredRowsLeaveThePagesAndAreCounted() throws Exception {
        try (SqliteOutboxStore store = open()) {
            store.append(Lane.TELEMETRY, one("t"));
            store.append(Lane.TELEMETRY, s -> List.of(new OutgoingMessage("big", false, new byte[5000])));
            store.append(Lane.TELEMETRY, one("t"));
            StoredMessage poison = store.page(Lane.TELEMETRY, 0, 10).get(1);
            store.deadLetter(poison.id(), "refused by the broker", 5);
            store.deadLetter(poison.id(), "again"); // gone: not an error, not counted twice
            assertThat(store.page(Lane.TELEMETRY, 0, 10)).extracting(StoredMessage::seq).containsExactly(1L, 3L);
            BacklogStats stats = store.stats();
            assertThat(stats.deadLetters()).isEqualTo(1);
            assertThat(stats.messages()).isEqualTo(2);
            assertThat(stats.bytes()).isEqualTo(18);
            assertThat(store.deadLetterReasons(10)).containsExactly("seq 2 big: refused by the broker");
        }
        try (SqliteOutboxStore store = open()) {
            assertThat(store.stats().deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void aNewStoreHasSmallPagesAndNoPointerMap() throws Exception {
        // fewer bytes per one-second commit (docs/storage.md, "Disk writes"); housekeeping VACUUMs instead
        try (SqliteOutboxStore store = open()) {
            store.append(Lane.TELEMETRY, one("t"));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/dir/store.db"));
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT (SELECT auto_vacuum FROM pragma_auto_vacuum), (SELECT page_size FROM pragma_page_size)")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            assertThat(rs.getInt(2)).isEqualTo(SqliteOutboxStore.NEW_PAGE_SIZE);
        }
    }

    @Test
    void theSeqReservationStaysAheadOfEveryCommittedSeq() throws Exception {
        try (SqliteOutboxStore store = open()) {
            for (int i = 0; i < 3; i++) {
                store.append(Lane.TELEMETRY, one("t"));
            }
        }
        assertThat(Files.readString(dir.resolve("sub/dir/store.db.seq"))).startsWith("reserved=");
        assertThat(SeqReservation.at(dir.resolve("sub/dir/store.db.seq")).reserved()).isEqualTo(1 + SeqReservation.BLOCK);
    }
}
