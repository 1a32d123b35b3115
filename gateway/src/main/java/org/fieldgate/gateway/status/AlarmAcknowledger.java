package org.fieldgate.gateway.status;

/** Acknowledges an active alarm (the status API's {@code POST /api/ack/{rule}}, a silence button). */
@FunctionalInterface
public interface AlarmAcknowledger {

    /**
     * @param rule rule id
     * @param by   who acknowledged, for the log and the published event (e.g. {@code button:siren})
     */
    AckOutcome acknowledge(String rule, String by);
}
