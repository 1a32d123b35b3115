package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.gateway.store.UnstoredAlert;
import org.fieldgate.gateway.store.UnstoredAlerts;

/**
 * The alerts the pipeline publishes from memory while the store cannot write, in the order they
 * were made, each with whether the broker acknowledged it. Bounded by the pipeline's pending alerts
 * (an entry leaves when its alert is stored or dropped).
 */
final class UnstoredQueue implements UnstoredAlerts {

    private final Map<Long, Boolean> acknowledged = new LinkedHashMap<>();
    private final Map<Long, UnstoredAlert> alerts = new LinkedHashMap<>();

    synchronized void add(UnstoredAlert alert) {
        alerts.put(alert.seq(), alert);
        acknowledged.put(alert.seq(), false);
    }

    synchronized void remove(long seq) {
        alerts.remove(seq);
        acknowledged.remove(seq);
    }

    synchronized boolean isAcknowledged(long seq) {
        return acknowledged.getOrDefault(seq, false);
    }

    @Override
    public synchronized List<UnstoredAlert> waiting() {
        List<UnstoredAlert> out = new ArrayList<>();
        alerts.forEach((seq, a) -> {
            if (!acknowledged.get(seq)) {
                out.add(a);
            }
        });
        return out;
    }

    @Override
    public synchronized void acknowledged(long seq) {
        acknowledged.computeIfPresent(seq, (k, v) -> true);
    }
}
