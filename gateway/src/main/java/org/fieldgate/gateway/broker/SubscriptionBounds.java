package org.fieldgate.gateway.broker;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptUnsubscribeMessage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds what outside clients' subscriptions can cost: Moquette keeps every filter level as a node
 * of its subscription tree, so one 20,000-level filter (40 KB, inside the message size limit) filled
 * the 64 MB heap, and a client could add filters without end. A filter longer than
 * {@link #MAX_FILTER_CHARS} or deeper than {@link #MAX_FILTER_LEVELS} is refused (SUBACK failure), as
 * is a client's filter beyond {@link #MAX_PER_CLIENT}. Sessions are always clean (see
 * {@link ClientGate}), so a client's filters end with its connection.
 */
final class SubscriptionBounds extends AbstractInterceptHandler {

    static final int MAX_FILTER_CHARS = 256;
    static final int MAX_FILTER_LEVELS = 16;
    static final int MAX_PER_CLIENT = 32;

    private final Map<String, Set<String>> filters = new ConcurrentHashMap<>();

    /**
     * True if {@code client} may subscribe to {@code filter}, which then counts against its bound
     * (asked by {@link SubscribeOnlyPolicy} before Moquette adds the subscription).
     */
    boolean admit(String client, String filter) {
        if (filter.length() > MAX_FILTER_CHARS || levels(filter) > MAX_FILTER_LEVELS) {
            return false;
        }
        boolean[] admitted = {false};
        filters.compute(client == null ? "" : client, (id, set) -> {
            Set<String> s = set != null ? set : ConcurrentHashMap.newKeySet();
            if (s.contains(filter) || s.size() < MAX_PER_CLIENT) {
                s.add(filter);
                admitted[0] = true;
            }
            return s;
        });
        return admitted[0];
    }

    /** Filters {@code client} holds now (tests, status). */
    int held(String client) {
        Set<String> s = filters.get(client);
        return s == null ? 0 : s.size();
    }

    private static int levels(String filter) {
        int n = 1;
        for (int i = 0; i < filter.length(); i++) {
            if (filter.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    @Override
    public String getID() {
        return "fieldgate-subscription-bounds";
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // ClientGate records it
    }

    @Override
    public void onUnsubscribe(InterceptUnsubscribeMessage msg) {
        filters.computeIfPresent(msg.getClientID(), (id, s) -> {
            s.remove(msg.getTopicFilter());
            return s.isEmpty() ? null : s;
        });
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        filters.remove(msg.getClientID());
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        filters.remove(msg.getClientID());
    }
}
