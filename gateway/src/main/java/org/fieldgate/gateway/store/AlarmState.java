package org.fieldgate.gateway.store;

/**
 * The persisted state of one rule's alarm (table {@code alarm_state}), written in the same
 * transaction as the alert rows that changed it.
 *
 * @param rule           rule id
 * @param level          level in force, null when no alarm (cleared)
 * @param severity       severity of {@code level}; 0 when no alarm
 * @param since          reading time of the event that set this state
 * @param acknowledgedBy who acknowledged the active alarm, null if nobody
 * @param acknowledgedAt when, ms since the epoch; 0 if not acknowledged
 */
public record AlarmState(String rule, String level, int severity, long since, String acknowledgedBy,
                         long acknowledgedAt) {

    public boolean active() {
        return severity > 0;
    }
}
