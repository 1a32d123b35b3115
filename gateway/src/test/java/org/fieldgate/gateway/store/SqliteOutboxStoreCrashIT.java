package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that appends to the outbox (SIGKILL, mid-write) and checks that nothing it was
 * told was stored is lost, that the database is intact, and that seqs keep increasing.
 */
class SqliteOutboxStoreCrashIT {

    private static final Pattern LINE = Pattern.compile("(seq|deleting)=(\\d+)\\.");

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
            List<Long> thisRound = runAndKill(db, killAfter, round, deleting);
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
                            bytes += m.payload().length;
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

    /**
     * Starts the child, waits for {@code killAfter} reported appends, kills it, returns all appends it
     * reported; adds the seqs it announced deleting to {@code deleting}.
     */
    private List<Long> runAndKill(Path db, int killAfter, int round, Set<Long> deleting) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stderr = dir.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                OutboxAppendLoop.class.getName(), db.toString())
                .redirectError(stderr.toFile())
                .start();
        List<Long> seqs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = in.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && m.group(1).equals("seq")) {
                    seqs.add(Long.parseLong(m.group(2)));
                } else if (m.matches()) {
                    deleting.add(Long.parseLong(m.group(2)));
                }
                if (!killed && seqs.size() >= killAfter) {
                    // SIGKILL while it is in the middle of the next append. Through the handle, because
                    // Process.destroyForcibly() also closes our end of its stdout, and the lines the
                    // child wrote before it died must still be read.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        if (seqs.size() < killAfter) {
            throw new AssertionError("child stopped after " + seqs.size() + " appends; stderr:\n"
                    + Files.readString(stderr));
        }
        return seqs;
    }
}
