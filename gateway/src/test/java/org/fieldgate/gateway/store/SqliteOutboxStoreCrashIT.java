package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that appends to the outbox (SIGKILL, mid-write) and checks that nothing it was
 * told was stored is lost, that the database is intact, and that seqs keep increasing.
 */
class SqliteOutboxStoreCrashIT {


    @TempDir
    Path dir;

    @Test
    void aKilledWriterLosesNothingItReportedAndSeqsKeepIncreasing() throws Exception {
        Path db = dir.resolve("crash/store.db");
        Set<Long> reported = new HashSet<>();
        Set<Long> deleting = new HashSet<>();
        long maxSeen = 0;
        Random random = new Random(42);
        for (int round = 0; round < 4; round++) {
            int killAfter = 50 + random.nextInt(400);
            List<Long> thisRound = OutboxAppendLoop.runAndKill(db, dir.resolve("child-" + round + ".err"),
                    killAfter, deleting);
            assertThat(thisRound).as("round %d: child reported appends", round).hasSizeGreaterThanOrEqualTo(killAfter);
            assertThat(thisRound).as("round %d: seqs increase", round).isSorted().doesNotHaveDuplicates();
            assertThat(thisRound.get(0)).as("round %d: first seq after reopening", round).isGreaterThan(maxSeen);
            reported.addAll(thisRound);

            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                assertThat(store.integrityCheck()).isEqualTo("ok");
                Set<Long> present = new HashSet<>();
                long maxInDb = 0;
                long rows = 0;
                long bytes = 0;
                for (Lane lane : Lane.values()) {
                    long after = 0;
                    List<StoredMessage> page;
                    while (!(page = store.page(lane, after, 500)).isEmpty()) {
                        for (StoredMessage m : page) {
                            present.add(m.seq());
                            rows++;
                            bytes += StoredPayload.encode(m.payload()).length; // meta counts stored (deflated) bytes
                            maxInDb = Math.max(maxInDb, m.seq());
                            after = m.id();
                            assertThat(new String(m.payload(), UTF_8)).startsWith("{\"seq\":" + m.seq());
                        }
                    }
                }
                Set<Long> expected = new HashSet<>(reported);
                expected.removeAll(deleting);
                assertThat(present).as("round %d: every reported seq is stored", round).containsAll(expected);
                assertThat(expected.size()).as("round %d: rows left to check", round).isGreaterThan(killAfter / 2);
                BacklogStats stats = store.stats();
                assertThat(stats.messages()).as("round %d: row total", round).isEqualTo(rows);
                assertThat(stats.bytes()).as("round %d: byte total", round).isEqualTo(bytes);
                long maxReported = thisRound.get(thisRound.size() - 1);
                assertThat(store.stats().lastSeq()).isEqualTo(maxInDb).isGreaterThanOrEqualTo(maxReported);

                long next = store.append(Lane.TELEMETRY,
                        s -> List.of(new OutgoingMessage("ews/crash/telemetry/t", false, ("{\"seq\":" + s + "}").getBytes(UTF_8))));
                assertThat(next).isGreaterThan(maxInDb).isGreaterThan(maxReported);
                reported.add(next);
                maxSeen = next;
            }
        }
    }

}
