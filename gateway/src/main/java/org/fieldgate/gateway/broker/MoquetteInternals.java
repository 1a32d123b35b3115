package org.fieldgate.gateway.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Moquette 0.17 offers no API for (moquette#734), reached by reflection on its
 * {@code PostOffice}: two fields set once, right after start, before any client can have subscribed
 * (the retained store, to bound it; the subscription directory as routing sees it, to route only the
 * gateway's own messages: a client's last will is routed without any authorization, so it could
 * otherwise forge a live alarm), and the way to run a task on a client's session loop (Moquette's
 * session state is confined to that thread; touched from another, a race can throw there, and an
 * exception kills the loop and every client on it). Tied to Moquette 0.17's internals:
 * {@code LocalBrokerIT} fails if a new Moquette renames them, and a failure here fails the start
 * rather than run unguarded.
 */
final class MoquetteInternals {

    private static final Logger LOG = LoggerFactory.getLogger(MoquetteInternals.class);

    private MoquetteInternals() {
    }

    /** The session loops of one server. */
    interface SessionLoops {
        /** Runs a task on the session loop that owns a client id. */
        void run(String clientId, Runnable task);

        /**
         * Closes the client's TCP connection and nothing else, as if the client had dropped it:
         * Moquette then runs its ordinary connection-lost path (a clean session is purged). Its own
         * {@code disconnectClient} also rewrites the session's state, which races the commands the
         * client already sent (a queued SUBSCRIBE then fails and ends the loop). Call on the loop.
         */
        void dropConnection(String clientId);
    }

    /**
     * Installs {@code retained} and the {@code routing} view of the subscriptions, and returns the
     * server's session loops.
     */
    static SessionLoops install(Server server, IRetainedRepository retained,
                                UnaryOperator<ISubscriptionsDirectory> routing) {
        try {
            Field dispatcher = Server.class.getDeclaredField("dispatcher");
            dispatcher.setAccessible(true);
            Object postOffice = dispatcher.get(server);
            Method routeCommand = postOffice.getClass().getDeclaredMethod("routeCommand", String.class, String.class,
                    Callable.class);
            routeCommand.setAccessible(true);
            Field store = postOffice.getClass().getDeclaredField("retainedRepository");
            store.setAccessible(true);
            store.set(postOffice, retained);
            Field subscriptions = postOffice.getClass().getDeclaredField("subscriptions");
            subscriptions.setAccessible(true);
            subscriptions.set(postOffice, routing.apply((ISubscriptionsDirectory) subscriptions.get(postOffice)));
            Field sessionsField = Server.class.getDeclaredField("sessions");
            sessionsField.setAccessible(true);
            Object sessions = sessionsField.get(server);
            Method retrieve = sessions.getClass().getDeclaredMethod("retrieve", String.class);
            retrieve.setAccessible(true);
            Field connectionField = Class.forName("io.moquette.broker.Session").getDeclaredField("mqttConnection");
            connectionField.setAccessible(true);
            Method drop = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredMethod("dropConnection");
            drop.setAccessible(true);
            return new SessionLoops() {
                @Override
                public void run(String clientId, Runnable task) {
                    Callable<String> action = () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) { // never into Moquette's loop: it would end it
                            LOG.warn("local broker: task for client {} failed: {}", clientId, e.toString());
                        }
                        return null;
                    };
                    try {
                        routeCommand.invoke(postOffice, clientId, "fieldgate", action);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Moquette session loop: " + e, e);
                    }
                }

                @Override
                public void dropConnection(String clientId) {
                    try {
                        Object session = retrieve.invoke(sessions, clientId);
                        Object connection = session == null ? null : connectionField.get(session);
                        if (connection != null) {
                            drop.invoke(connection);
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Moquette connection of " + clientId + ": " + e, e);
                    }
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot guard Moquette's post office (not Moquette 0.17?): " + e, e);
        }
    }
}
