package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.ArrayList;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.time.Clock;
import java.util.List;

/**
 * Child process of {@link SqliteOutboxStoreCrashIT}: appends to the outbox in a tight loop and
 * prints {@code seq=N.} after each append has returned (i.e. was reported as stored); every third
 * round it deletes the oldest telemetry row, announcing {@code deleting=N.} first. Runs until killed.
 */
public final class OutboxAppendLoop {

    private OutboxAppendLoop() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, UTF_8);
        SqliteOutboxStore store = SqliteOutboxStore.open(Path.of(args[0]), Clock.systemUTC());
        byte[] filler = new byte[200];
        for (long i = 0; ; i++) {
            long seq;
            if (i % 7 == 0) {
                seq = store.append(Lane.ALERT, s -> List.of(
                        new OutgoingMessage("ews/crash/alert/r", false, ("{\"seq\":" + s + "}").getBytes(UTF_8)),
                        new OutgoingMessage("ews/crash/alarm/r", true, ("{\"seq\":" + s + "}").getBytes(UTF_8))));
            } else {
                seq = store.append(Lane.TELEMETRY, s -> List.of(
                        new OutgoingMessage("ews/crash/telemetry/t", false, payload(s, filler))));
            }
            // the trailing dot tells the parent that the line was written whole
            out.print("seq=" + seq + ".\n");
            out.flush();
            if (i % 3 == 2) {
                // acknowledge the oldest telemetry row, as the uplink does on PUBACK; announced before
                // the delete, so the parent knows that row may be gone
                StoredMessage oldest = store.page(Lane.TELEMETRY, 0, 1).get(0);
                out.print("deleting=" + oldest.seq() + ".\n");
                out.flush();
                store.delete(oldest.id());
            }
        }
    }

    private static byte[] payload(long seq, byte[] filler) {
        byte[] head = ("{\"seq\":" + seq + ",\"pad\":\"").getBytes(UTF_8);
        byte[] p = new byte[head.length + filler.length + 2];
        System.arraycopy(head, 0, p, 0, head.length);
        java.util.Arrays.fill(p, head.length, head.length + filler.length, (byte) 'x');
        p[p.length - 2] = '"';
        p[p.length - 1] = '}';
        return p;
    }

    private static final Pattern LINE = Pattern.compile("(seq|deleting)=(\\d+)\\.");

    /**
     * Starts this loop in a child JVM on {@code db} (its stderr to {@code stderr}), waits for {@code killAfter} reported appends, kills it, returns all appends it
     * reported; adds the seqs it announced deleting to {@code deleting}.
     */
    static List<Long> runAndKill(Path db, Path stderr, int killAfter, Set<Long> deleting) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
