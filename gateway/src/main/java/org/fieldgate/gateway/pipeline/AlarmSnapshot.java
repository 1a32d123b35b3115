package org.fieldgate.gateway.pipeline;

import org.fieldgate.gateway.rules.AlertEvent;

/**
 * The current alarm of one rule, for the status API.
 *
 * @param rule      rule id
 * @param level     level in force, or null when no alarm
 * @param severity  severity of {@code level}, 0 when no alarm
 * @param since     reading time of the event that set this state, 0 if no event yet
 * @param lastEvent the rule's latest alert event, or null if none since start
 */
public record AlarmSnapshot(String rule, String level, int severity, long since, AlertEvent lastEvent) {

    public boolean active() {
        return severity > 0;
    }

    static AlarmSnapshot quiet(String rule) {
        return new AlarmSnapshot(rule, null, 0, 0, null);
    }

    static AlarmSnapshot after(AlertEvent e) {
        boolean cleared = e.severity() == 0;
        return new AlarmSnapshot(e.rule(), cleared ? null : e.level(), e.severity(), e.time(), e);
    }
}
