package org.fieldgate.gateway.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.fieldgate.gateway.uplink.MqttTransport;

/**
 * The uplink's way into the embedded broker when it is the only server: the gateway's messages go
 * in-process ({@link LocalBroker#publishOwn}), with no MQTT connection that a client could take over
 * with the gateway's id, and no dependence on any subscriber (delivery to clients is QoS 0). A
 * publish completes once the broker has taken it, as a PUBACK would say; on the transport's own
 * thread, as {@link MqttTransport} promises. The will is not needed: the broker lives and dies with
 * the gateway, and a clean stop publishes {@code offline} itself. Subscribing is not offered: no
 * client can publish to this broker.
 */
final class LocalBrokerTransport implements MqttTransport {

    private final LocalBroker broker;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-broker-publish");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean connected;
    private volatile ConnectionListener listener;

    LocalBrokerTransport(LocalBroker broker) {
        this.broker = broker;
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> connect(String serverUri) {
        return onExecutor(() -> {
            if (!broker.alive()) {
                throw new IllegalStateException("the local broker is stopped");
            }
            connected = true;
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        return onExecutor(() -> {
            if (!isConnected()) {
                throw new IllegalStateException("not connected to the local broker");
            }
            broker.publishOwn(topic, payload, retained);
        });
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos, MessageListener listener) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the embedded broker takes no publishes from clients, so there is nothing to subscribe to in-process"));
    }

    @Override
    public boolean isConnected() {
        return connected && broker.alive();
    }

    @Override
    public String server() {
        return connected ? broker.url() : null;
    }

    @Override
    public void disconnect(long timeoutMs) {
        connected = false;
    }

    @Override
    public void abort() {
        connected = false;
    }

    /** Called by the broker when it stops: an established "connection" is lost. */
    void brokerStopped() {
        boolean was = connected;
        connected = false;
        ConnectionListener l = listener;
        if (was && l != null) {
            onExecutor(() -> l.connectionLost(new IllegalStateException("the local broker stopped")));
        }
    }

    @Override
    public void close() {
        connected = false;
        executor.shutdown();
    }

    private CompletableFuture<Void> onExecutor(Runnable action) {
        try {
            return CompletableFuture.runAsync(action, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the local broker transport is closed"));
        }
    }
}
