package org.fieldgate.gateway.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import java.lang.reflect.Field;
import java.util.function.UnaryOperator;

/**
 * Two fields of a started Moquette 0.17 server's {@code PostOffice} that Moquette offers no way to
 * set (moquette#734), set by reflection once, right after start, before any client can have
 * subscribed: the retained store (to bound it) and the subscription directory as routing sees it
 * (to route only the gateway's own messages: a client's last will is routed by Moquette without any
 * authorization, so it could otherwise forge a live alarm). Tied to Moquette 0.17's internals:
 * {@code LocalBrokerIT} fails if a new Moquette renames them, and a failure here fails the start
 * rather than run unguarded.
 */
final class MoquetteInternals {

    private MoquetteInternals() {
    }

    static void install(Server server, IRetainedRepository retained,
                        UnaryOperator<ISubscriptionsDirectory> routing) {
        try {
            Field dispatcher = Server.class.getDeclaredField("dispatcher");
            dispatcher.setAccessible(true);
            Object postOffice = dispatcher.get(server);
            Field store = postOffice.getClass().getDeclaredField("retainedRepository");
            store.setAccessible(true);
            store.set(postOffice, retained);
            Field subscriptions = postOffice.getClass().getDeclaredField("subscriptions");
            subscriptions.setAccessible(true);
            subscriptions.set(postOffice, routing.apply((ISubscriptionsDirectory) subscriptions.get(postOffice)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot guard Moquette's post office (not Moquette 0.17?): " + e, e);
        }
    }
}
