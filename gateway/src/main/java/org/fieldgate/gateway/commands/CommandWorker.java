package org.fieldgate.gateway.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands one at a time, in arrival order, on its own thread {@code commands}: the MQTT client
 * only queues them ({@link #offer}, never blocking; at most {@link #QUEUE} wait, more are dropped and
 * counted). Each command is parsed, passes the {@link CommandGate}, runs, and is answered on
 * {@code R/G/reply/{id}}. Refusals are answered too, at most {@link #REFUSALS_PER_MINUTE} a minute:
 * a flood of junk on the command topic must not fill the store with replies.
 */
public final class CommandWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandWorker.class);
    static final int QUEUE = 16;
    /**
     * Replies to refusals: anyone who can publish on the command topic can send junk or replay a
     * captured command, and that must not fill the store with replies.
     */
    static final int REFUSAL_REPLIES_PER_MINUTE = 10;

    private record Incoming(String name, byte[] payload) {
    }

    private final CommandGate gate;
    private final CommandTargets targets;
    private final ReplySink replies;
    private final BlockingQueue<Incoming> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean running = true;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong ran = new AtomicLong();
    private long minuteStart;
    private int refusalsThisMinute;
    private long unanswered;

    public CommandWorker(CommandGate gate, CommandTargets targets, ReplySink replies) {
        this.gate = gate;
        this.targets = targets;
        this.replies = replies;
        this.thread = new Thread(this::loop, "commands");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** From the MQTT client: a message on {@code R/G/cmd/{name}}. Never blocks. */
    public void offer(String topic, byte[] payload) {
        received.incrementAndGet();
        String name = topic.substring(topic.lastIndexOf('/') + 1);
        if (payload.length > CommandParser.MAX_BYTES) {
            refused.incrementAndGet(); // not even queued: 16 of them at the broker's limit would fill the heap
            LOG.warn("commands: a {}-byte message on {} dropped unread (at most {})", payload.length,
                    Printable.of(topic), CommandParser.MAX_BYTES);
            return;
        }
        if (!queue.offer(new Incoming(name, payload))) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("commands: {} dropped unread, {} already waiting (a flood on the command topic?)", n, QUEUE);
            }
        }
    }

    /** {@code received}, {@code ran}, {@code refused}, {@code dropped}: for status and health. */
    public java.util.Map<String, Long> counters() {
        return java.util.Map.of("received", received.get(), "ran", ran.get(), "refused", refused.get(),
                "dropped", dropped.get());
    }

    private void loop() {
        while (running) {
            Incoming in;
            try {
                in = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (in != null) {
                try {
                    handle(in);
                } catch (RuntimeException | StackOverflowError e) {
                    // a deep or odd input must not end the only thread that runs commands
                    LOG.error("commands: {} failed", Printable.of(in.name()), e);
                }
            }
        }
    }

    private void handle(Incoming in) {
        CommandParser.Parsed p = CommandParser.parse(in.name(), in.payload());
        if (!p.ok()) {
            refuse(p.id(), in.name(), p.reason());
            return;
        }
        Command c = p.command();
        CommandGate.Verdict v = gate.check(c);
        if (!v.passed()) {
            refuse(c.id(), c.name(), v.reason());
            return;
        }
        LOG.info("command {} {} from {}", c.name(), c.id(), v.by());
        Outcome outcome;
        try {
            outcome = run(c, "central:" + v.by());
        } catch (RuntimeException e) {
            LOG.error("command {} {} failed", c.name(), c.id(), e);
            outcome = Outcome.failed(e.toString());
        }
        ran.incrementAndGet();
        LOG.info("command {} {}: {}", c.name(), c.id(), outcome.status());
        replies.reply(c.id(), c.name(), outcome);
        if (outcome.afterReply() != null) {
            outcome.afterReply().run();
        }
    }

    private Outcome run(Command c, String by) {
        switch (c.name()) {
            case "ping":
                return Outcome.done(targets.ping());
            case "status":
                return Outcome.done(targets.status());
            case "ack": {
                String rule = c.text("rule");
                return rule == null ? Outcome.rejected("args.rule: required, the rule whose alarm to acknowledge")
                        : targets.acknowledge(rule, c.text("by") == null ? by : by + ":" + c.text("by"));
            }
            case "selftest":
                return targets.selftest();
            case "dead-letters":
                return deadLetters(c);
            case "config": {
                String yaml = c.text("yaml");
                return yaml == null ? Outcome.rejected("args.yaml: required, the whole config as YAML text")
                        : targets.config(yaml, c.id(), by);
            }
            default:
                return Outcome.rejected("unknown command '" + c.name()
                        + "' (ping, status, ack, selftest, dead-letters, config)");
        }
    }

    private Outcome deadLetters(Command c) {
        String action = c.text("action") == null ? "list" : c.text("action");
        if (action.equals("list")) {
            return Outcome.done(targets.deadLetters());
        }
        if (!action.equals("requeue")) {
            return Outcome.rejected("args.action: list or requeue, got '" + action + "'");
        }
        JsonNode seqs = c.args().get("seqs");
        if (seqs == null || !seqs.isArray() || seqs.isEmpty() || seqs.size() > 10_000) {
            return Outcome.rejected("args.seqs: the seqs to requeue, e.g. [1041, 1042]");
        }
        List<Long> list = new ArrayList<>();
        for (JsonNode s : seqs) {
            if (!s.isIntegralNumber() || s.longValue() < 0) {
                return Outcome.rejected("args.seqs: whole numbers only");
            }
            list.add(s.longValue());
        }
        return targets.requeue(list);
    }

    /**
     * Counts and logs a refusal and answers it, at most {@link #REFUSAL_REPLIES_PER_MINUTE} a minute
     * (the log says how many more went unanswered). A duplicate of a command that ran (a
     * redelivery, a replay) is answered {@code rejected} too; it changes nothing, and a client takes
     * the first final reply ({@code fieldgate command} ignores a {@code rejected} after {@code accepted}).
     */
    private void refuse(String id, String name, String reason) {
        refused.incrementAndGet();
        long now = System.nanoTime();
        if (now - minuteStart > 60_000_000_000L) {
            if (unanswered > 0) {
                LOG.warn("commands: {} more refused without a reply in the last minute", unanswered);
            }
            minuteStart = now;
            refusalsThisMinute = 0;
            unanswered = 0;
        }
        if (++refusalsThisMinute > REFUSAL_REPLIES_PER_MINUTE) {
            unanswered++;
            return;
        }
        LOG.warn("command {} {} refused: {}", Printable.of(name), id == null ? "(no id)" : id, Printable.of(reason));
        if (id != null) {
            replies.reply(id, name, Outcome.rejected(reason));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
