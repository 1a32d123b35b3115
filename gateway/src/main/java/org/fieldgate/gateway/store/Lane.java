package org.fieldgate.gateway.store;

/** Outbox lanes, in publishing priority: alerts (and alarm state) always go before telemetry. */
public enum Lane {
    ALERT,
    TELEMETRY
}
