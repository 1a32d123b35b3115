package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.store.DeadLetters;
import org.fieldgate.gateway.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate dead-letters [--config FILE] list|requeue [SEQ…]}: the messages the broker
 * refused, from the store of the config, and putting them back in the outbox. Works while the
 * gateway runs: its own SQLite connection, a write transaction that waits for the gateway's writer,
 * and the uplink picks requeued messages up at its next idle poll.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Lists the dead letters (messages the broker refused) or puts them back in the outbox.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed / requeued", "1:store unreadable or a SEQ is not a dead letter",
            "2:usage or config error"})
public final class DeadLettersCommand implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "/etc/fieldgate/fieldgate.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's config (its storage.path is the store); default "
            + DEFAULT_CONFIG + ".")
    Path config = Path.of(DEFAULT_CONFIG);

    @Parameters(index = "0", paramLabel = "list|requeue", description = "list: seq, topic, size, reason, attempts,"
            + " when; requeue: back into the outbox (same seq, in its place in its lane)")
    String action;

    @Parameters(index = "1..*", paramLabel = "SEQ", description = "requeue only these seqs (default: all)")
    List<Long> seqs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!action.equals("list") && !action.equals("requeue")) {
            err.println("fieldgate dead-letters: unknown action '" + action + "' (list or requeue)");
            return 2;
        }
        if (action.equals("list") && !seqs.isEmpty()) {
            err.println("fieldgate dead-letters: list takes no SEQ");
            return 2;
        }
        Path db;
        try {
            db = ConfigLoader.load(config, DriverRegistry.load()).storage().path();
        } catch (ConfigException e) {
            err.println("fieldgate dead-letters: " + e.getMessage());
            return 2;
        }
        try {
            List<DeadLetters.Entry> entries = DeadLetters.list(db);
            if (action.equals("list")) {
                print(out, entries);
                return 0;
            }
            Set<Long> known = new TreeSet<>();
            entries.forEach(e -> known.add(e.seq()));
            Set<Long> unknown = new TreeSet<>(seqs);
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                err.println("fieldgate dead-letters: not dead letters: " + unknown + " (nothing requeued)");
                return 1;
            }
            Set<Long> moved = DeadLetters.requeue(db, seqs);
            out.println(moved.isEmpty() ? "no dead letters" : "requeued " + moved.size() + " seq(s): " + moved);
            out.flush();
            return 0;
        } catch (StoreException e) {
            err.println("fieldgate dead-letters: " + e.getMessage());
            return 1;
        }
    }

    private static void print(PrintWriter out, List<DeadLetters.Entry> entries) {
        if (entries.isEmpty()) {
            out.println("no dead letters");
            out.flush();
            return;
        }
        out.printf("%-10s %-40s %9s %8s  %-24s %s%n", "SEQ", "TOPIC", "BYTES", "ATTEMPTS", "WHEN", "REASON");
        for (DeadLetters.Entry e : entries) {
            out.printf("%-10d %-40s %9d %8d  %-24s %s%n", e.seq(), printable(e.topic()), e.bytes(), e.attempts(),
                    Instant.ofEpochMilli(e.at()), printable(e.reason()));
        }
        out.flush();
    }

    /** Topics and reasons come from the network and the broker: no control characters to the terminal. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
