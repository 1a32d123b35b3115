package org.fieldgate.gateway.broker;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disconnects, right after its CONNECT, a client the broker must not keep: one with the gateway's
 * reserved client id that came without a user name (so {@link ClientAuthenticator} was not asked),
 * one with a persistent session (nothing is kept for absent clients: delivery is QoS 0), and one
 * beyond {@code max_connections}. Moquette 0.17 has no hook before CONNACK for anonymous clients, so
 * these see CONNACK and then the close. The close runs on the client's session loop and only closes
 * the TCP connection: Moquette cleans up as for any client that went away. Also records a session loop that died (Moquette lets an exception end it, and with it
 * every client on it): the broker is then no longer {@link #healthy()}.
 */
final class ClientGate extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGate.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Server server;
    private final MoquetteInternals.SessionLoops loops;
    private final String reservedClientId;
    private final int maxConnections;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile Throwable loopError;

    ClientGate(Server server, MoquetteInternals.SessionLoops loops, String reservedClientId, int maxConnections) {
        this.server = server;
        this.loops = loops;
        this.reservedClientId = Objects.requireNonNull(reservedClientId, "reservedClientId");
        this.maxConnections = maxConnections;
    }

    /** False once a Moquette session loop died. */
    boolean healthy() {
        return loopError == null;
    }

    @Override
    public String getID() {
        return "fieldgate-client-gate";
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        String id = msg.getClientID();
        String why = null;
        if (reservedClientId.equals(id)) {
            why = "uses the gateway's own client id";
        } else if (!msg.isCleanSession()) {
            why = "asked for a persistent session (use a clean session)";
        } else if (server.listConnectedClients().size() > maxConnections) {
            why = "is beyond local_broker.max_connections (" + maxConnections + ")";
        }
        if (why != null) {
            loops.run(id, () -> loops.dropConnection(id));
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                LOG.warn("local broker: disconnected client '{}': it {} (logged at most once a minute)", id, why);
            }
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        loopError = error;
        LOG.error("local broker: a session loop died; the broker no longer serves the clients on it", error);
    }
}
