package org.fieldgate.gateway.broker;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Moquette's subscription directory as its routing sees it: a message finds its subscribers only
 * while the gateway publishes its own ({@link #routing}); anything else Moquette would route (a
 * client's last will, which it routes without authorization) finds none. Subscribing and
 * unsubscribing go to the real directory unchanged.
 */
final class OwnMessagesRouting implements ISubscriptionsDirectory {

    private static final ThreadLocal<Boolean> OWN = ThreadLocal.withInitial(() -> false);

    private final ISubscriptionsDirectory directory;

    OwnMessagesRouting(ISubscriptionsDirectory directory) {
        this.directory = directory;
    }

    /** Runs {@code publish} (the gateway's in-process publish) with routing allowed on this thread. */
    static <T> T routing(Supplier<T> publish) {
        OWN.set(true);
        try {
            return publish.get();
        } finally {
            OWN.set(false);
        }
    }

    @Override
    public List<Subscription> matchQosSharpening(Topic topic) {
        return OWN.get() ? directory.matchQosSharpening(topic) : List.of();
    }

    @Override
    public List<Subscription> matchWithoutQosSharpening(Topic topic) {
        return OWN.get() ? directory.matchWithoutQosSharpening(topic) : List.of();
    }

    @Override
    public void init(ISubscriptionsRepository repository) {
        directory.init(repository);
    }

    @Override
    public Set<String> listAllSessionIds() {
        return directory.listAllSessionIds();
    }

    @Override
    public void add(Subscription subscription) {
        directory.add(subscription);
    }

    @Override
    public void removeSubscription(Topic topic, String clientId) {
        directory.removeSubscription(topic, clientId);
    }

    @Override
    public int size() {
        return directory.size();
    }

    @Override
    public String dumpTree() {
        return directory.dumpTree();
    }
}
