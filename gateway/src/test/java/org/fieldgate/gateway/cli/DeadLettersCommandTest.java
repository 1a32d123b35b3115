package org.fieldgate.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldgate dead-letters} against a real store that a "running gateway" (an open store) holds. */
class DeadLettersCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FieldgateCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config() throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, """
                gateway: { id: gw1 }
                uplink: { mqtt: { servers: ["tcp://127.0.0.1:1"] } }
                storage: { path: %s }
                """.formatted(dir.resolve("store.db")));
        return file;
    }

    private static long append(SqliteOutboxStore store, String topic) throws Exception {
        return store.append(Lane.TELEMETRY, seq -> List.of(new OutgoingMessage(topic, false,
                ("{\"seq\":" + seq + "}").getBytes(UTF_8))));
    }

    @Test
    void listsAndRequeuesWhileTheStoreIsInUseKeepingSeqAndPlace() throws Exception {
        Path config = config();
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("store.db"), Clock.systemUTC())) {
            for (int i = 1; i <= 4; i++) {
                append(store, "ews/gw1/telemetry/" + (i == 2 || i == 3 ? "big" : "wl1"));
            }
            store.deadLetter(2, "refused by the broker", 5);
            store.deadLetter(3, "refused again\u001b[31m", 6);

            assertThat(run("dead-letters", "--config", config.toString(), "list")).isZero();
            assertThat(out.toString()).contains("SEQ").contains("ews/gw1/telemetry/big")
                    .contains("refused by the broker").contains("\\u001b[31m").doesNotContain("\u001b");
            String[] lines = out.toString().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[1]).startsWith("2 ").contains(" 5 ");

            assertThat(run("dead-letters", "--config", config.toString(), "requeue", "9")).isEqualTo(1);
            assertThat(err.toString()).contains("not dead letters: [9]");

            assertThat(run("dead-letters", "--config", config.toString(), "requeue", "3")).isZero();
            assertThat(out.toString()).contains("requeued 1 seq(s): [3]");
            // back in its place in the lane, same seq, seen by the running store at once
            assertThat(store.page(Lane.TELEMETRY, 0, 10)).extracting(StoredMessage::seq).containsExactly(1L, 3L, 4L);
            assertThat(store.listDeadLetters()).extracting(e -> e.seq()).containsExactly(2L);
            assertThat(store.stats().messages()).isEqualTo(3);

            assertThat(run("dead-letters", "--config", config.toString(), "requeue")).isZero();
            assertThat(store.page(Lane.TELEMETRY, 0, 10)).extracting(StoredMessage::seq)
                    .containsExactly(1L, 2L, 3L, 4L);
            out.getBuffer().setLength(0);
            assertThat(run("dead-letters", "--config", config.toString(), "list")).isZero();
            assertThat(out.toString()).contains("no dead letters");
        }
    }

    @Test
    void usageAndConfigErrorsExitTwoAndAMissingStoreOne() throws Exception {
        assertThat(run("dead-letters", "--config", config().toString(), "purge")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown action 'purge'");
        assertThat(run("dead-letters", "--config", dir.resolve("nope.yaml").toString(), "list")).isEqualTo(2);
        assertThat(run("dead-letters", "--config", config().toString(), "requeue", "x")).isEqualTo(2);
        assertThat(run("dead-letters", "--config", config().toString(), "list")).isEqualTo(1);
        assertThat(err.toString()).contains("no such store");
    }
}
