package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's pipeline killed with SIGKILL (a crash, or as good as a power cut for what reached the
 * disk) loses no reading that was delivered to it more than about a second before: after a restart
 * the readings of its open batch and the samples of its unfinished waveform second are published.
 * Before the one-second group commit, a kill lost up to {@code pipeline.batch} (10 s) of every
 * sensor's readings.
 */
class PipelineKillIT {

    /** The durability window (1 s) plus slack for a loaded machine (the commit itself, scheduling). */
    private static final long DURABLE_AFTER_MS = 1_500;
    private static final Pattern LINE = Pattern.compile("i=(\\d+)\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readingsDeliveredMoreThanASecondBeforeAKillArePublishedAfterTheRestart() throws Exception {
        Path db = dir.resolve("store.db");
        for (int round = 0; round < 3; round++) {
            long killAfterMs = 2_500 + round * 1_700L; // at varied points of the 10 s batch and of a second
            List<long[]> delivered = runAndKill(db, dir.resolve("child-" + round + ".err"), killAfterMs);
            long killedAt = delivered.get(delivered.size() - 1)[1];
            TreeSet<Long> due = new TreeSet<>();
            for (long[] d : delivered) {
                if (killedAt - d[1] > DURABLE_AFTER_MS) {
                    due.add(d[0]);
                }
            }
            assertThat(due).as("round %d: readings delivered well before the kill", round).hasSizeGreaterThan(10);

            TreeSet<Long> readings = new TreeSet<>();
            TreeSet<Long> samples = new TreeSet<>();
            try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
                PipelineFeedLoop.pipeline(store).close(); // the restart: what was staged goes out
                for (StoredMessage m : store.page(Lane.TELEMETRY, 0, 100_000)) {
                    JsonNode j = JSON.readTree(new String(m.payload(), UTF_8));
                    if (m.topic().endsWith("/wl1")) {
                        j.get("readings").forEach(r -> readings.add(r.get("val").asLong()));
                    } else {
                        j.get("ch").get("x").forEach(v -> samples.add(Math.round(v.asDouble() * 1000)));
                    }
                }
                // the next round appends to the same store: clear what this one checked
                List<Long> ids = new ArrayList<>();
                store.page(Lane.TELEMETRY, 0, 100_000).forEach(m -> ids.add(m.id()));
                store.deleteAll(ids);
            }
            assertThat(readings).as("round %d: wl1 readings", round).containsAll(due);
            for (long i : due) {
                for (long k = 0; k < 5; k++) {
                    assertThat(samples).as("round %d: seis1 sample of block %d", round, i).contains(i * 5 + k);
                }
            }
        }
    }

    /** Starts the feed in a child JVM, kills it (SIGKILL) after {@code killAfterMs}; returns (i, time read). */
    private static List<long[]> runAndKill(Path db, Path stderr, long killAfterMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                PipelineFeedLoop.class.getName(), db.toString())
                .redirectError(stderr.toFile())
                .start();
        List<long[]> delivered = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            long first = 0;
            boolean killed = false;
            while ((line = in.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long now = System.nanoTime() / 1_000_000;
                if (first == 0) {
                    first = now;
                }
                if (killed) {
                    break; // written after the kill was sent: not counted
                }
                delivered.add(new long[] {Long.parseLong(m.group(1)), now});
                if (now - first >= killAfterMs) {
                    // through the handle: Process.destroyForcibly() would also close our end of its stdout
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        if (delivered.isEmpty()) {
            throw new AssertionError("child delivered nothing; stderr:\n" + Files.readString(stderr));
        }
        return delivered;
    }
}
