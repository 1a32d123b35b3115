package org.fieldgate.gateway.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.util.Objects;

/**
 * Outside clients may subscribe, never publish: every topic the broker carries is the gateway's own
 * (published in-process, which Moquette does not authorize), so a forged alarm, state or any other
 * retained message cannot enter. The gateway's client id reads nothing (it is reserved; see
 * {@link ClientGate}), and subscriptions stay within {@link SubscriptionBounds}. Why clients may not
 * publish even outside {@code topic_root}: docs/local-broker.md.
 */
final class SubscribeOnlyPolicy implements IAuthorizatorPolicy {

    private final String reservedClientId;
    private final SubscriptionBounds bounds;

    SubscribeOnlyPolicy(String reservedClientId, SubscriptionBounds bounds) {
        this.reservedClientId = Objects.requireNonNull(reservedClientId, "reservedClientId");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return false;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return !reservedClientId.equals(client) && bounds.admit(client, topic.toString());
    }
}
