package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk budget evicts the oldest telemetry, never alerts, and the file stops growing. */
class SqliteOutboxStoreBudgetTest {

    private static final long BUDGET = 2L * 1024 * 1024;

    @TempDir
    Path dir;

    private static SeqPayloads telemetry(int size) {
        return s -> List.of(new OutgoingMessage("ews/g/telemetry/t", false, ("{\"seq\":" + s + ",\"pad\":\""
                + noise(s, size) + "\"}").getBytes(UTF_8)));
    }

    /** Letters that do not deflate much, so the stored size is about the payload size. */
    private static String noise(long seed, int size) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static SeqPayloads alert() {
        return s -> List.of(new OutgoingMessage("ews/g/alert/r", false, ("{\"seq\":" + s + "}").getBytes(UTF_8)),
                new OutgoingMessage("ews/g/alarm/r", true, ("{\"seq\":" + s + "}").getBytes(UTF_8)));
    }

    private static long onDisk(Path db) throws Exception {
        long size = Files.size(db);
        Path wal = Path.of(db + "-wal");
        return size + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    @Test
    void staysWithinTheBudgetKeepsEveryAlertAndRecordsContiguousEvictions() throws Exception {
        Path db = dir.resolve("store.db");
        Set<Long> alerts = new TreeSet<>();
        long maxOnDisk = 0;
        long last = 0;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC(), BUDGET)) {
            for (int i = 1; i <= 8000; i++) {
                if (i % 50 == 0) {
                    alerts.add(last = store.append(Lane.ALERT, alert()));
                } else {
                    last = store.append(Lane.TELEMETRY, telemetry(300 + i % 200));
                }
                if (i % 100 == 0) {
                    maxOnDisk = Math.max(maxOnDisk, onDisk(db));
                }
            }
            BacklogStats stats = store.stats();
            System.out.printf("budget %d: max on disk %d, at end %d (db %d), backlog %d rows %d bytes, evicted %d%n",
                    BUDGET, maxOnDisk, onDisk(db), Files.size(db), stats.messages(), stats.bytes(),
                    stats.evictedMessages());
            assertThat(maxOnDisk).as("db + wal").isLessThanOrEqualTo(BUDGET + BUDGET / 10);
            assertThat(stats.evictedMessages()).isPositive();

            // every alert is still there, in order, with its alarm copy
            List<StoredMessage> alertRows = store.page(Lane.ALERT, 0, 10_000);
            assertThat(alertRows).hasSize(alerts.size() * 2);
            assertThat(alertRows.stream().map(StoredMessage::seq).distinct().toList()).containsExactlyElementsOf(alerts);

            // the evicted ranges and the telemetry still waiting cover every telemetry seq, no overlap
            List<EvictedRange> ranges = store.recentEvictions(1000);
            assertThat(ranges).isNotEmpty();
            long evictedTotal = 0;
            long expectNext = 1;
            for (EvictedRange r : ranges) {
                assertThat(r.firstSeq()).isGreaterThanOrEqualTo(expectNext);
                expectNext = r.lastSeq() + 1;
                evictedTotal += r.count();
            }
            assertThat(evictedTotal).isEqualTo(stats.evictedMessages());
            Set<Long> covered = new TreeSet<>(alerts);
            for (EvictedRange r : ranges) {
                for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
                    covered.add(s);
                }
            }
            List<Long> waiting = new ArrayList<>();
            long after = 0;
            List<StoredMessage> page;
            while (!(page = store.page(Lane.TELEMETRY, after, 500)).isEmpty()) {
                for (StoredMessage m : page) {
                    waiting.add(m.seq());
                    after = m.id();
                }
            }
            assertThat(waiting).isSorted();
            assertThat(waiting.get(0)).isEqualTo(ranges.get(ranges.size() - 1).lastSeq() + 1); // oldest went first
            assertThat(covered).doesNotContainAnyElementsOf(waiting);
            covered.addAll(waiting);
            assertThat(covered).hasSize((int) last); // 1..last, no gap unaccounted for
            assertThat(stats.messages()).isEqualTo(waiting.size() + alertRows.size());
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        assertThat(onDisk(db)).isLessThanOrEqualTo(BUDGET + BUDGET / 10);
    }

    @Test
    void whenAlertsFillTheBudgetTelemetryIsRefusedButAlertsStillGoIn() throws Exception {
        Path db = dir.resolve("alerts.db");
        long budget = 512 * 1024;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC(), budget)) {
            SeqPayloads bigAlert = s -> List.of(new OutgoingMessage("ews/g/alert/r", false,
                    ("{\"seq\":" + s + ",\"pad\":\"" + noise(-s, 2000) + "\"}").getBytes(UTF_8)));
            int n = 0;
            StoreException refused = null;
            for (int i = 0; i < 2000 && refused == null; i++) {
                store.append(Lane.ALERT, bigAlert);
                n++;
                try {
                    store.append(Lane.TELEMETRY, telemetry(100));
                } catch (StoreException e) {
                    refused = e;
                }
            }
            assertThat(refused).isNotNull().hasMessageContaining("budget").hasMessageContaining("alerts");
            store.append(Lane.ALERT, bigAlert);
            assertThat(store.page(Lane.ALERT, 0, 100_000)).hasSize(n + 1);
        }
    }

    @Test
    void housekeepingGivesFreePagesBackOnceTheBacklogDrained() throws Exception {
        Path db = dir.resolve("drain.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            List<SeqPayloads> batch = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                batch.add(telemetry(400));
            }
            store.appendAll(Lane.TELEMETRY, batch);
            store.housekeepingNow();
            long full = Files.size(db);
            List<Long> ids = new ArrayList<>();
            long after = 0;
            List<StoredMessage> page;
            while (!(page = store.page(Lane.TELEMETRY, after, 500)).isEmpty()) {
                for (StoredMessage m : page) {
                    ids.add(m.id());
                    after = m.id();
                }
                store.deleteAll(ids);
                ids.clear();
            }
            store.housekeepingNow();
            long drained = Files.size(db);
            System.out.printf("5000 rows: %d bytes; drained and vacuumed: %d bytes%n", full, drained);
            assertThat(drained).isLessThan(full / 4);
            assertThat(store.stats().messages()).isZero();
        }
    }

    @Test
    void deadLettersAreKeptPastAThousandAndOnlyTheBudgetEvictsThemFirstAndAnnounced() throws Exception {
        int dead = 1_001;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("store.db"), Clock.systemUTC(), BUDGET)) {
            List<SeqPayloads> batch = new ArrayList<>();
            for (int i = 0; i < dead; i++) {
                batch.add(telemetry(200));
            }
            store.appendAll(Lane.TELEMETRY, batch);
            for (long id = 1; id <= dead; id++) {
                store.deadLetter(id, "refused", 5);
            }
            assertThat(store.listDeadLetters()).hasSize(dead); // no quiet cap at 1000 any more
            assertThat(store.stats().evictedMessages()).isZero();

            // fresh telemetry fills the budget: the oldest dead letters go before any unsent row
            List<SeqPayloads> fresh = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fresh.add(telemetry(600));
            }
            long first = store.appendAll(Lane.TELEMETRY, fresh)[0];
            while (store.listDeadLetters().size() == dead) {
                store.appendAll(Lane.TELEMETRY, fresh);
            }
            List<DeadLetters.Entry> left = store.listDeadLetters();
            assertThat(left).isNotEmpty();
            assertThat(left.get(0).seq()).as("the oldest went first").isEqualTo(dead - left.size() + 1);
            assertThat(store.recentEvictions(100)).first().satisfies(r -> {
                assertThat(r.firstSeq()).isEqualTo(1);
                assertThat(r.lastSeq()).isEqualTo(dead - left.size());
            });
            assertThat(store.stats().evictedMessages()).isEqualTo(dead - left.size());
            // no unsent telemetry went while dead letters were left
            assertThat(store.page(Lane.TELEMETRY, 0, 1).get(0).seq()).isEqualTo(first);
        }
    }
}
