package org.fieldgate.gateway.store;

import java.util.List;

/** Alerts waiting in memory for the uplink while the store cannot write them. Thread-safe. */
public interface UnstoredAlerts {

    /** None, ever. */
    UnstoredAlerts NONE = new UnstoredAlerts() {
        @Override
        public List<UnstoredAlert> waiting() {
            return List.of();
        }

        @Override
        public void acknowledged(long seq) {
        }
    };

    /** Those the broker has not acknowledged yet, oldest first. */
    List<UnstoredAlert> waiting();

    /** The broker acknowledged every message of the alert carrying {@code seq}. */
    void acknowledged(long seq);
}
