package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store never stops the gateway: a truncated or corrupted WAL tail keeps every transaction
 * committed before the damage and is reported; a database with garbage in its pages is moved aside,
 * what can be read is salvaged, and seqs continue above everything ever assigned.
 */
class SqliteOutboxStoreDamageIT {

    @TempDir
    Path dir;

    private static SeqPayloads telemetry() {
        return s -> List.of(new OutgoingMessage("ews/g/telemetry/t", false, ("{\"seq\":" + s + ",\"pad\":\""
                + "x".repeat(150) + "\"}").getBytes(UTF_8)));
    }

    private static SeqPayloads alert() {
        return s -> List.of(new OutgoingMessage("ews/g/alert/r", false, ("{\"seq\":" + s + "}").getBytes(UTF_8)),
                new OutgoingMessage("ews/g/alarm/r", true, ("{\"seq\":" + s + "}").getBytes(UTF_8)));
    }

    /** Every seq in the store, both lanes; checks each payload names its own seq. */
    private static Set<Long> seqs(SqliteOutboxStore store) throws StoreException {
        Set<Long> out = new TreeSet<>();
        for (Lane lane : Lane.values()) {
            long after = 0;
            List<StoredMessage> page;
            while (!(page = store.page(lane, after, 500)).isEmpty()) {
                for (StoredMessage m : page) {
                    assertThat(new String(m.payload(), UTF_8)).matches("\\{\"seq\":" + m.seq() + "[,}].*");
                    out.add(m.seq());
                    after = m.id();
                }
            }
        }
        return out;
    }

    private static void copy(Path fromDb, Path toDb) throws Exception {
        Files.createDirectories(toDb.getParent());
        Files.copy(fromDb, toDb);
        Files.copy(Path.of(fromDb + "-wal"), Path.of(toDb + "-wal"));
        Files.copy(Path.of(fromDb + ".seq"), Path.of(toDb + ".seq"));
    }

    @Test
    void aTruncatedOrCorruptedWalTailKeepsEveryTransactionCommittedBeforeIt() throws Exception {
        Path src = dir.resolve("src/store.db");
        Map<Long, Long> walEndOf = new TreeMap<>(); // seq -> WAL size right after its commit
        Path snapshot = dir.resolve("snapshot/store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(src, Clock.systemUTC())) {
            for (int i = 1; i <= 150; i++) {
                long seq = store.append(i % 10 == 0 ? Lane.ALERT : Lane.TELEMETRY, i % 10 == 0 ? alert() : telemetry());
                walEndOf.put(seq, Files.size(Path.of(src + "-wal")));
            }
            // a crash image: the files as a power cut would leave them, the writer idle
            copy(src, snapshot);
        }
        long walLength = Files.size(Path.of(snapshot + "-wal"));
        int pageSize;
        try (RandomAccessFile f = new RandomAccessFile(Path.of(snapshot + "-wal").toFile(), "r")) {
            f.seek(8);
            pageSize = f.readInt();
        }
        long frame = 24L + pageSize;
        long firstAppendEnd = walEndOf.get(1L);
        Random random = new Random(4);
        for (int trial = 0; trial < 16; trial++) {
            Path db = dir.resolve("trial-" + trial + "/store.db");
            copy(snapshot, db);
            Path wal = Path.of(db + "-wal");
            long intactUpTo;
            String what;
            if (trial % 2 == 0) {
                long cut = firstAppendEnd + (long) (random.nextDouble() * (walLength - firstAppendEnd));
                try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
                    f.setLength(cut);
                }
                intactUpTo = cut;
                what = "truncated at " + cut;
            } else {
                long at;
                do { // in a page, with at least one frame after it (a bad last frame looks like a kill)
                    at = firstAppendEnd + (long) (random.nextDouble() * (walLength - frame - firstAppendEnd));
                } while ((at - 32) % frame < 24);
                try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x5a);
                }
                intactUpTo = 32 + (at - 32) / frame * frame;
                what = "byte flipped at " + at;
            }
            Set<Long> expected = new TreeSet<>();
            walEndOf.forEach((seq, end) -> {
                if (end <= intactUpTo) {
                    expected.add(seq);
                }
            });
            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                assertThat(store.integrityCheck()).as(what).isEqualTo("ok");
                assertThat(seqs(store)).as(what).isEqualTo(expected);
                long lastKept = expected.isEmpty() ? 0 : ((TreeSet<Long>) expected).last();
                StoreHealth.Recovery r = store.health().recovery();
                if (trial % 2 == 1) {
                    // a bad frame with more log after it: damage, reported, and seqs jump past the mark
                    assertThat(r).as(what + ": damage reported").isNotNull();
                    assertThat(r.lostRows()).isEqualTo(-1);
                    assertThat(r.summary()).contains("WAL");
                    assertThat(r.lostFirstSeq()).isEqualTo(lastKept + 1);
                    assertThat(r.lostLastSeq()).isGreaterThanOrEqualTo(150);
                    assertThat(store.append(Lane.TELEMETRY, telemetry())).as(what + ": no seq reused")
                            .isGreaterThan(150);
                    assertThat(Files.list(db.getParent()).map(p -> p.getFileName().toString()))
                            .anyMatch(n -> n.startsWith("store.db-wal.damaged-"));
                } else {
                    // a cut tail looks exactly like a kill mid-write: rolled back, seqs continue after the kept ones
                    assertThat(r).as(what).isNull();
                    assertThat(store.append(Lane.TELEMETRY, telemetry())).isGreaterThan(lastKept);
                }
                assertThat(store.stats().messages()).isEqualTo(expected.size() + expected.size() / 10 + 1);
            }
        }
    }

    @Test
    void aKilledWriterWithAMangledWalTailStillOpensAndKeepsAnIntactPrefix() throws Exception {
        Path db = dir.resolve("crash/store.db");
        Random random = new Random(7);
        long maxReported = 0;
        for (int round = 0; round < 3; round++) {
            Set<Long> deleting = new HashSet<>();
            List<Long> reported = OutboxAppendLoop.runAndKill(db, dir.resolve("child-" + round + ".err"),
                    200 + random.nextInt(300), deleting);
            maxReported = Math.max(maxReported, reported.get(reported.size() - 1));
            Path wal = Path.of(db + "-wal");
            long length = Files.size(wal);
            try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
                long cut = length / 2 + (long) (random.nextDouble() * (length / 2));
                f.setLength(cut);
                for (int i = 0; i < 8; i++) {
                    long at = Math.max(32, cut - 1 - random.nextInt(20_000));
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0xff);
                }
            }
            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                assertThat(store.integrityCheck()).isEqualTo("ok");
                Set<Long> present = seqs(store);
                long maxPresent = present.stream().mapToLong(Long::longValue).max().orElse(0);
                // intact prefix: every reported seq up to the newest kept one is there (unless acknowledged)
                for (long seq : reported) {
                    if (seq <= maxPresent && !deleting.contains(seq)) {
                        assertThat(present).as("round %d: seq %d", round, seq).contains(seq);
                    }
                }
                BacklogStats stats = store.stats();
                assertThat(stats.messages()).isEqualTo(seqs(store).size()
                        + store.page(Lane.ALERT, 0, 100_000).size() / 2);
                long next = store.append(Lane.TELEMETRY, telemetry());
                assertThat(next).as("round %d: no seq reused", round).isGreaterThan(maxReported);
                maxReported = next;
            }
        }
    }

    @Test
    void garbageInTheDatabasePagesMovesItAsideAndSalvagesTheRest() throws Exception {
        Path db = dir.resolve("g/store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            List<SeqPayloads> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(telemetry());
            }
            store.appendAll(Lane.TELEMETRY, batch);
            store.append(Lane.ALERT, alert());
        }
        assertThat(Files.exists(Path.of(db + "-wal"))).isFalse(); // all of it is in the main file now
        long size = Files.size(db);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[3 * 4096];
            new Random(1).nextBytes(garbage);
            f.seek(size / 2 / 4096 * 4096);
            f.write(garbage);
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            StoreHealth.Recovery r = store.health().recovery();
            assertThat(r).isNotNull();
            assertThat(Path.of(r.movedAside())).exists().hasFileName(db.getFileName() + r.movedAside()
                    .substring(r.movedAside().lastIndexOf(".corrupt-")));
            assertThat(r.salvagedRows()).isGreaterThan(2000).isLessThan(3002);
            assertThat(r.lostRows()).isEqualTo(3002 - r.salvagedRows());
            assertThat(store.integrityCheck()).isEqualTo("ok");
            Set<Long> kept = seqs(store); // payloads checked against their seqs
            assertThat(kept).hasSize((int) r.salvagedRows() - 1); // the alert's two rows share a seq
            assertThat(store.stats().messages()).isEqualTo(r.salvagedRows());
            assertThat(store.page(Lane.ALERT, 0, 10)).hasSize(2);
            assertThat(store.append(Lane.TELEMETRY, telemetry())).isGreaterThan(3001);
        }
    }

    @Test
    void aDestroyedHeaderLeavesNothingToSalvageButSeqsStillContinue() throws Exception {
        Path db = dir.resolve("h/store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                store.append(Lane.TELEMETRY, telemetry());
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[100]);
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            StoreHealth.Recovery r = store.health().recovery();
            assertThat(r).isNotNull();
            assertThat(r.salvagedRows()).isZero();
            assertThat(r.lostRows()).isEqualTo(-1);
            assertThat(store.append(Lane.TELEMETRY, telemetry())).isGreaterThan(20);
        }
    }

}
