package org.fieldgate.gateway.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.commands.CommandGate;
import org.fieldgate.gateway.commands.CommandTargets;
import org.fieldgate.gateway.commands.Outcome;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.ConfigProblem;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.contract.ConfigIdentity;
import org.fieldgate.gateway.outputs.OutputController;
import org.fieldgate.gateway.remoteconfig.ConfigVersions;
import org.fieldgate.gateway.remoteconfig.RemoteConfigRules;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.fieldgate.gateway.status.AckOutcome;
import org.fieldgate.gateway.status.StatusReport;
import org.fieldgate.gateway.store.DeadLetters;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;

/** The running gateway's parts as the commands see them ({@link CommandTargets}). */
final class RuntimeCommandTargets implements CommandTargets {

    private final FieldgateConfig config;
    private final ConfigIdentity identity;
    private final GatewayStatus facts;
    private final OutputController outputs;
    private final OutboxStore store;
    private final ObjectMapper json;
    private final ConfigVersions versions;
    private final CompletableFuture<ConfigSwitch> switches;
    private final Clock clock;
    private volatile boolean onProbation;
    /** A config was accepted; the switch follows its reply. */
    private volatile boolean switching;

    RuntimeCommandTargets(FieldgateConfig config, ConfigIdentity identity, GatewayStatus facts,
                          OutputController outputs, OutboxStore store, ObjectMapper json, ConfigVersions versions,
                          CompletableFuture<ConfigSwitch> switches, Clock clock, boolean onProbation) {
        this.config = config;
        this.identity = identity;
        this.facts = facts;
        this.outputs = outputs;
        this.store = store;
        this.json = json;
        this.versions = versions;
        this.switches = switches;
        this.clock = clock;
        this.onProbation = onProbation;
    }

    /** The probation of the running config ended (it stays): a new config may come. */
    void probationOver() {
        onProbation = false;
    }

    @Override
    public String ping() {
        StatusReport r = facts.report();
        ObjectNode o = json.createObjectNode().put("version", r.version()).put("uptime_s", r.uptimeS());
        o.putObject("config").put("version", identity.version()).put("hash", identity.hash())
                .put("source", identity.source());
        return o.toString();
    }

    @Override
    public String status() {
        try {
            return json.writeValueAsString(facts.report());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Outcome acknowledge(String rule, String by) {
        AckOutcome a = outputs.acknowledge(rule, by);
        return switch (a) {
            case ACKNOWLEDGED -> Outcome.doneText("alarm of " + rule + " acknowledged by " + by);
            case UNKNOWN_RULE -> Outcome.failed("no rule '" + rule + "'");
            case NO_ACTIVE_ALARM -> Outcome.failed("rule " + rule + " has no active alarm");
        };
    }

    @Override
    public Outcome selftest() {
        StatusReport r = facts.report();
        ArrayNode checks = json.createArrayNode();
        boolean pass = true;
        pass &= check(checks, "store", r.store().writable(), r.store().writable() ? "writable"
                : "not writable: " + r.store().writeError());
        pass &= check(checks, "clock", r.clock().synced(), r.clock().reason());
        for (StatusReport.Sensor s : r.sensors()) {
            pass &= check(checks, "sensor " + s.id(), s.state().equals("ok"), s.state());
        }
        for (StatusReport.Part p : r.threads()) {
            pass &= check(checks, "part " + p.name(), !p.state().equals("dead"), p.state());
        }
        StatusReport.Certificate cert = r.uplink().certificate();
        if (cert != null) {
            pass &= check(checks, "certificate", cert.notAfter() != null && !cert.renewSoon(),
                    cert.notAfter() == null ? cert.error() : cert.daysLeft() + " days left");
        }
        ObjectNode detail = json.createObjectNode().put("pass", pass);
        detail.set("checks", checks);
        return pass ? Outcome.done(detail.toString()) : new Outcome("failed", detail.toString());
    }

    private static boolean check(ArrayNode checks, String name, boolean ok, String detail) {
        checks.addObject().put("check", name).put("pass", ok).put("detail", detail);
        return ok;
    }

    @Override
    public String deadLetters() {
        try {
            ObjectNode o = json.createObjectNode();
            ArrayNode list = o.putArray("dead_letters");
            for (DeadLetters.Entry e : store.listDeadLetters()) {
                list.addObject().put("seq", e.seq()).put("topic", e.topic()).put("bytes", e.bytes())
                        .put("reason", e.reason()).put("attempts", e.attempts()).put("at", e.at());
            }
            return o.toString();
        } catch (StoreException e) {
            throw new IllegalStateException("the store cannot list dead letters: " + e.getMessage(), e);
        }
    }

    @Override
    public Outcome requeue(List<Long> seqs) {
        try {
            Set<Long> done = store.requeueDeadLetters(seqs);
            List<Long> missing = new ArrayList<>(seqs);
            missing.removeAll(done);
            ObjectNode o = json.createObjectNode();
            done.stream().sorted().forEach(o.putArray("requeued")::add);
            missing.forEach(o.putArray("not_dead_letters")::add);
            return Outcome.done(o.toString());
        } catch (StoreException e) {
            return Outcome.failed("the store cannot requeue: " + e.getMessage());
        }
    }

    /** The trusted key behind {@code by} ({@code central:<key name>}), or null (unsigned). */
    private PublicKey signer(String by) {
        String name = by.startsWith("central:") ? by.substring("central:".length()) : by;
        for (Path file : config.uplink().commands().trust()) {
            if (CommandGate.keyName(file).equals(name)) {
                try {
                    return Ed25519Pem.readPublic(file);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public Outcome config(String yaml, String commandId, String by) {
        if (versions == null) {
            return Outcome.rejected("this gateway runs without config versions (started by a tool)");
        }
        if (onProbation || switching) {
            return Outcome.rejected("a config is on probation or being applied; send the next one after its reply");
        }
        List<String> problems = new ArrayList<>();
        FieldgateConfig next = null;
        try {
            Path candidate = versions.candidate(yaml);
            try {
                next = ConfigLoader.loadWithWarnings(candidate, versions.baseDir(), DriverRegistry.load()).config();
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    problems.add(p.toString());
                }
            }
        } catch (IOException e) {
            return Outcome.failed("cannot write the candidate next to the store: " + e.getMessage());
        }
        if (next != null) {
            problems.addAll(RemoteConfigRules.problems(config, next, signer(by)));
        }
        if (!problems.isEmpty()) {
            ArrayNode list = json.createArrayNode();
            problems.forEach(list::add);
            ObjectNode detail = json.createObjectNode().put("problems", problems.size());
            detail.set("list", list);
            return new Outcome("rejected", detail.toString());
        }
        int version;
        try {
            version = versions.write(yaml);
        } catch (IOException e) {
            return Outcome.failed("cannot write the new version next to the store: " + e.getMessage());
        }
        ConfigSwitch request = new ConfigSwitch(version, commandId, by, clock.millis(),
                next.uplink().commands().probation());
        switching = true;
        return Outcome.accepted("version " + version + " written; switching to it, then "
                + next.uplink().commands().probation().toSeconds() + " s of probation")
                .then(() -> switches.complete(request));
    }
}
