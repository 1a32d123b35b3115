package org.fieldgate.gateway.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldgate.gateway.contract.AlertPayloadReader;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.Rule;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.AlarmState;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredAlarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current alarm of each rule, in config order: restored from the store at start, changed by
 * alert events and acknowledgements; each change joins the {@link AlertQueue} under the queue's
 * lock, so the store sees the states in the order they happened.
 */
final class Alarms {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class); // the pipeline's log lines keep their name

    private final Map<String, AlarmSnapshot> alarms = new ConcurrentHashMap<>();
    /** Per rule, then per alert state ({@code raised}, {@code updated}, {@code cleared}…), events since start. */
    private final Map<String, Map<String, Long>> eventCounts = new ConcurrentHashMap<>();
    private final List<String> ruleOrder;
    private final AlertQueue queue;
    private final MessageEncoder encoder;
    private final Clock clock;

    /** Every rule of {@code rules} quiet; {@link #restore} puts back what the store recorded. */
    Alarms(RuleEngine rules, AlertQueue queue, MessageEncoder encoder, Clock clock) {
        this.queue = queue;
        this.encoder = encoder;
        this.clock = clock;
        List<String> ids = new ArrayList<>();
        for (Rule r : rules.rules()) {
            ids.add(r.id());
            alarms.put(r.id(), AlarmSnapshot.quiet(r.id()));
        }
        this.ruleOrder = List.copyOf(ids);
    }

    /**
     * Puts each rule back into the alarm state the store recorded (no second {@code raised} for a
     * condition that is still true), and queues the empty retained {@code alarm/{rule}} of rules that
     * left the config. Without readable state, rules start quiet (loud in the log).
     */
    void restore(OutboxStore store, RuleEngine rules) {
        List<StoredAlarm> stored;
        try {
            stored = store.alarmStates();
        } catch (StoreException e) {
            log.error("could not read the alarm states; rules start without alarms: {}", e.getMessage());
            return;
        }
        Map<String, Rule> byId = new HashMap<>();
        for (Rule r : rules.rules()) {
            byId.put(r.id(), r);
        }
        for (StoredAlarm s : stored) {
            AlarmState state = s.state();
            Rule rule = byId.get(state.rule());
            if (rule == null) {
                log.info("rule {} is no longer configured: clearing its retained alarm", state.rule());
                queue.add(AlertQueue.PendingAlert.removal(state.rule(), clock.millis()));
                continue;
            }
            if (state.active()) {
                rule.restore(state.severity(), state.since());
                if (rule.severity() != state.severity()) {
                    log.warn("rule {}: recorded level {} no longer exists; the rule starts without alarm",
                            state.rule(), state.level());
                    continue;
                }
                log.info("rule {}: alarm {} (severity {}) active since {} restored{}", state.rule(), state.level(),
                        state.severity(), state.since(), state.acknowledgedBy() == null ? ""
                                : ", acknowledged by " + state.acknowledgedBy());
            }
            alarms.put(state.rule(), state.active() ? AlarmSnapshot.restored(state, lastEvent(s))
                    : AlarmSnapshot.quiet(state.rule()));
        }
    }

    /**
     * The alert event a stored alarm payload describes (for the status API after a restart); an
     * acknowledgement payload lacks the input fields, so the state's own fields fill in.
     */
    private static AlertEvent lastEvent(StoredAlarm s) {
        AlarmState st = s.state();
        return AlertPayloadReader.read(s.payload(),
                new AlertEvent(st.rule(), "raised", st.level(), st.severity(), null, null, 0, 0, st.since()));
    }

    /** The states {@code events} leave, each queued with its alert for the store. */
    void changed(List<AlertEvent> events) {
        for (AlertEvent e : events) {
            synchronized (queue) {
                AlarmSnapshot after = AlarmSnapshot.after(alarms.get(e.rule()), e);
                alarms.put(e.rule(), after);
                eventCounts.computeIfAbsent(e.rule(), r -> new ConcurrentHashMap<>()).merge(e.state(), 1L, Long::sum);
                queue.add(new AlertQueue.PendingAlert(e.rule(), e.state(), seq -> encoder.alert(seq, e),
                        after.state(), clock.millis()));
            }
        }
    }

    /**
     * Acknowledges the active alarm of {@code rule} by {@code by} at {@code at} and queues its
     * acknowledgement for the store.
     *
     * @return the alarm acknowledged, or null when the rule does not exist or has no active alarm
     */
    AlarmSnapshot acknowledge(String rule, String by, long at) {
        synchronized (queue) {
            AlarmSnapshot before = alarms.get(rule);
            if (before == null || !before.active()) {
                return null;
            }
            AlarmSnapshot a = before.acknowledge(by, at);
            alarms.put(rule, a);
            queue.add(new AlertQueue.PendingAlert(rule, "acknowledgement", seq -> encoder.acknowledged(seq, rule,
                    a.level(), a.severity(), a.lastEvent(), by, at), a.state(), at));
            return a;
        }
    }

    /** Per rule, then per alert state, the alert events the rule made since start. */
    Map<String, Map<String, Long>> eventCounts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        eventCounts.forEach((rule, counts) -> out.put(rule, Map.copyOf(counts)));
        return out;
    }

    /** Per rule (in config order), the current alarm. */
    Map<String, AlarmSnapshot> snapshot() {
        Map<String, AlarmSnapshot> out = new LinkedHashMap<>();
        for (String id : ruleOrder) {
            out.put(id, alarms.get(id));
        }
        return Collections.unmodifiableMap(out);
    }
}
