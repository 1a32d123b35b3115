package org.fieldgate.gateway.uplink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An in-memory {@link MqttTransport} whose PUBACKs the test hands out by hand. */
final class FakeTransport implements MqttTransport {

    record Publish(String topic, byte[] payload, int qos, boolean retained, CompletableFuture<Void> future) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final Will will;
    private final Set<String> unreachable = new HashSet<>();
    private final List<Publish> publishes = new ArrayList<>();
    private final List<String> connects = new ArrayList<>();
    private ConnectionListener listener;
    private String server;
    private boolean closed;
    private boolean politeDisconnects;
    private int aborts;
    /** Publishes after which the "broker" drops the link (a poison message), or null. */
    private Predicate<Publish> dropsLink;
    /** Publishes whose packet counts as fully written before a drop (all by default). */
    private Predicate<Publish> written = p -> true;
    /** When true, QoS 0 and non-outbox QoS 1 (state topic) complete at once. */
    private final Predicate<String> autoAck;

    FakeTransport(Will will, Predicate<String> autoAck) {
        this.will = will;
        this.autoAck = autoAck;
    }

    synchronized void unreachable(String uri) {
        unreachable.add(uri);
    }

    /** From now on the link drops (from another thread, as a broker would) after a matching publish. */
    synchronized void dropLinkAfter(Predicate<Publish> poison) {
        this.dropsLink = poison;
    }

    /** From now on only matching publishes count as fully written (the others were cut mid-write). */
    synchronized void writtenWhen(Predicate<Publish> written) {
        this.written = written;
    }

    @Override
    public synchronized boolean written(CompletableFuture<Void> publish) {
        return publishes.stream().filter(p -> p.future() == publish).anyMatch(written);
    }

    @Override
    public synchronized void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized CompletableFuture<Void> connect(String serverUri) {
        connects.add(serverUri);
        notifyAll();
        if (unreachable.contains(serverUri)) {
            return CompletableFuture.failedFuture(new java.io.IOException("connection refused: " + serverUri));
        }
        server = serverUri;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (server == null) {
            f.completeExceptionally(new IllegalStateException("not connected"));
            return f;
        }
        Publish p = new Publish(topic, payload, qos, retained, f);
        publishes.add(p);
        notifyAll();
        if (dropsLink != null && dropsLink.test(p)) {
            Thread dropper = new Thread(this::drop, "fake-broker-drop");
            dropper.start();
            return f;
        }
        if (qos == 0 || autoAck.test(topic)) {
            f.complete(null);
        }
        return f;
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos, MessageListener listener) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized boolean isConnected() {
        return server != null;
    }

    @Override
    public synchronized String server() {
        return server;
    }

    @Override
    public void disconnect(long timeoutMs) {
        List<Publish> open;
        synchronized (this) {
            if (server != null) {
                politeDisconnects = true;
            }
            server = null;
            open = List.copyOf(publishes);
        }
        open.forEach(p -> p.future().completeExceptionally(new IllegalStateException("disconnected")));
    }

    @Override
    public void abort() {
        List<Publish> open;
        synchronized (this) {
            aborts++;
            server = null;
            open = List.copyOf(publishes);
        }
        open.forEach(p -> p.future().completeExceptionally(new IllegalStateException("aborted")));
    }

    synchronized int aborts() {
        return aborts;
    }

    /** Simulates a dropped connection: pending publishes fail, the listener is told. */
    void drop() {
        ConnectionListener l;
        List<Publish> open;
        synchronized (this) {
            server = null;
            l = listener;
            open = List.copyOf(publishes);
        }
        open.forEach(p -> p.future().completeExceptionally(new IllegalStateException("connection lost")));
        l.connectionLost(new IllegalStateException("connection lost"));
    }

    @Override
    public synchronized void close() {
        closed = true;
        server = null;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized boolean politelyDisconnected() {
        return politeDisconnects;
    }

    synchronized List<Publish> publishes() {
        return List.copyOf(publishes);
    }

    synchronized List<Publish> publishes(String topicPrefix) {
        return publishes.stream().filter(p -> p.topic().startsWith(topicPrefix)).toList();
    }

    synchronized List<String> connects() {
        return List.copyOf(connects);
    }

    /** Waits until at least {@code n} publishes start with {@code topicPrefix}; returns them all. */
    synchronized List<Publish> awaitPublishes(String topicPrefix, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publishes(topicPrefix).size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " publishes on " + topicPrefix + ", got "
                        + publishes(topicPrefix).stream().map(Publish::topic).toList());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return publishes(topicPrefix);
    }
}
