package org.fieldgate.gateway.pipeline;

import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.store.AlarmState;

/**
 * The current alarm of one rule, for the status API and local outputs.
 *
 * @param rule           rule id
 * @param level          level in force, or null when no alarm
 * @param severity       severity of {@code level}, 0 when no alarm
 * @param since          reading time of the event that set this state, 0 if no event yet
 * @param lastEvent      the rule's latest alert event, or null if none since start (a state restored
 *                       after a restart has none)
 * @param acknowledged   a person acknowledged the active alarm (outputs go quiet; the alarm stays
 *                       active until its condition clears)
 * @param acknowledgedBy who, or null
 * @param acknowledgedAt when (ms since the epoch), 0 if not acknowledged
 */
public record AlarmSnapshot(String rule, String level, int severity, long since, AlertEvent lastEvent,
                            boolean acknowledged, String acknowledgedBy, long acknowledgedAt) {

    /** Not acknowledged. */
    public AlarmSnapshot(String rule, String level, int severity, long since, AlertEvent lastEvent) {
        this(rule, level, severity, since, lastEvent, false, null, 0);
    }

    public boolean active() {
        return severity > 0;
    }

    static AlarmSnapshot quiet(String rule) {
        return new AlarmSnapshot(rule, null, 0, 0, null);
    }

    /**
     * The state after {@code e}. An acknowledgement survives a de-escalation; it ends when the alarm
     * escalates (a new danger must be heard again) or clears.
     */
    static AlarmSnapshot after(AlarmSnapshot before, AlertEvent e) {
        boolean cleared = e.severity() == 0;
        if (cleared || before == null || !before.active() || e.severity() > before.severity()) {
            return new AlarmSnapshot(e.rule(), cleared ? null : e.level(), e.severity(), e.time(), e);
        }
        long since = e.state().equals("updated") ? before.since : e.time(); // same level, same alarm
        return new AlarmSnapshot(e.rule(), e.level(), e.severity(), since, e, before.acknowledged,
                before.acknowledgedBy, before.acknowledgedAt);
    }

    static AlarmSnapshot after(AlertEvent e) {
        return after(null, e);
    }

    /** A state restored after a restart; {@code lastEvent} is rebuilt from the stored payload (may be null). */
    static AlarmSnapshot restored(AlarmState s, AlertEvent lastEvent) {
        return new AlarmSnapshot(s.rule(), s.level(), s.severity(), s.since(), lastEvent, s.acknowledgedBy() != null,
                s.acknowledgedBy(), s.acknowledgedAt());
    }

    AlarmSnapshot acknowledge(String by, long at) {
        return new AlarmSnapshot(rule, level, severity, since, lastEvent, true, by, at);
    }

    AlarmState state() {
        return new AlarmState(rule, level, severity, since, acknowledgedBy, acknowledgedAt);
    }
}
