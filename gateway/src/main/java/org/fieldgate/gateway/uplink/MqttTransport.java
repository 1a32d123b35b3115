package org.fieldgate.gateway.uplink;

import java.util.concurrent.CompletableFuture;

/**
 * The MQTT client as the uplink needs it. Paho sits behind this so that a swap of client library
 * costs one class (see LIBRARY-NOTES A.1). Callbacks never run user code on the client's threads:
 * listeners are invoked on the transport's own executor.
 */
public interface MqttTransport extends AutoCloseable {

    /** Last will and birth on {@code R/G/state}. */
    record Will(String topic, byte[] payload, int qos, boolean retained) {
    }

    /** Told when the connection drops (after a successful connect). */
    interface ConnectionListener {
        void connectionLost(Throwable cause);
    }

    /** Received messages (for {@code cmd/} topics and {@code fieldgate watch}). */
    interface MessageListener {
        void message(String topic, byte[] payload, boolean retained);
    }

    /**
     * Sets the listener told (on the transport's executor) when an established connection drops.
     * At most one; replaces the previous one.
     */
    void setConnectionListener(ConnectionListener listener);

    /** Connects to one server; completes when CONNACK arrives, exceptionally on failure or timeout. */
    CompletableFuture<Void> connect(String serverUri);

    /** Completes on PUBACK (QoS 1) or when written (QoS 0); exceptionally on failure or disconnect. */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);

    /**
     * Starts watching whether the whole PUBLISH packet of {@code publish} (a future {@link #publish}
     * returned) gets written to the connection before the publish completes; see {@link #written}.
     * For the rare message whose fate must be judged (a lone suspect); a no-op by default.
     */
    default void watchWritten(CompletableFuture<Void> publish) {
    }

    /**
     * Whether the whole PUBLISH packet of a watched {@code publish} was written to the connection
     * before the publish completed, so that a link lost before its PUBACK is told apart from one cut
     * mid-write. False when not known.
     */
    default boolean written(CompletableFuture<Void> publish) {
        return false;
    }

    CompletableFuture<Void> subscribe(String filter, int qos, MessageListener listener);

    boolean isConnected();

    /** The server currently connected to, or null. */
    String server();

    /** Disconnects politely (the will is not sent), waiting at most {@code timeoutMs}. */
    void disconnect(long timeoutMs);

    /**
     * Drops the connection at once without DISCONNECT (the broker then sends the will), as for a
     * link that stopped answering; pending publishes fail. Never blocks on the peer.
     */
    void abort();

    @Override
    void close();
}
