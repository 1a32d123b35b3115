package org.fieldgate.gateway.uplink;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.gateway.config.UplinkSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttTransport} on Eclipse Paho mqttv3 1.2.5 ({@code MqttAsyncClient}), with the
 * mitigations of LIBRARY-NOTES A.1:
 * <ul>
 *   <li>a fresh client per {@link #connect} (the old one is force-disconnected and closed), no Paho
 *       auto-reconnect: the caller owns the reconnect loop, including the first connect;</li>
 *   <li>{@link MemoryPersistence} (no {@code .lck} directories); durability is the outbox's job;</li>
 *   <li>every blocking wait is bounded; on timeout the client is force-closed;</li>
 *   <li>Paho callbacks only hand work to this transport's single executor thread, so futures and
 *       listeners never run on (and never call Paho from) a Paho thread;</li>
 *   <li>{@code maxInflight} set explicitly; pending publish futures fail when the connection drops.</li>
 * </ul>
 * Clean session: subscriptions are gone after a reconnect and must be made again by the caller.
 * Methods may be called from any thread except a Paho thread; {@link #connect} and
 * {@link #disconnect} are meant to be called from one owning thread.
 */
public final class PahoMqttTransport implements MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttTransport.class);
    private static final long CLOSE_TIMEOUT_MS = 2_000;

    /**
     * Connection options.
     *
     * @param keepAlive      MQTT keep-alive
     * @param connectTimeout how long a connect may take before it fails
     * @param maxInflight    Paho's in-flight window; QoS 0 publishes count too (A.1)
     * @param username       user name, or null
     * @param password       password (read from the password file by the caller), or null; never logged
     * @param tls            PEM files for {@code ssl://} servers, or null for the JVM's default trust
     * @param will           last will, or null
     */
    public record Options(Duration keepAlive, Duration connectTimeout, int maxInflight, String username,
                          char[] password, UplinkSection.Tls tls, Will will) {
        public Options {
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (maxInflight < 1) {
                throw new IllegalArgumentException("maxInflight must be at least 1, got " + maxInflight);
            }
            password = password == null ? null : password.clone();
        }

        @Override
        public String toString() {
            return "Options[keepAlive=" + keepAlive + ", connectTimeout=" + connectTimeout + ", maxInflight="
                    + maxInflight + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", tls=" + tls + ", will=" + (will == null ? "none" : will.topic()) + "]";
        }
    }

    private final String clientId;
    private final Options options;
    private final ExecutorService executor;
    /** Received messages handed to the executor and not yet delivered to the listeners. */
    private final java.util.concurrent.atomic.AtomicInteger pendingMessages = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong droppedMessages = new java.util.concurrent.atomic.AtomicLong();
    /** How many received messages may wait for the listeners. */
    static final int MAX_PENDING_MESSAGES = 1024;
    /** Publishes and connects not yet completed, failed together when the connection drops. */
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, MessageListener> subscriptions = new ConcurrentHashMap<>();
    private volatile ConnectionListener connectionListener;
    private volatile MqttAsyncClient client;
    private volatile String server;

    public PahoMqttTransport(String clientId, Options options) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.options = Objects.requireNonNull(options, "options");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mqtt-events-" + clientId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.connectionListener = listener;
    }

    @Override
    public CompletableFuture<Void> connect(String serverUri) {
        discardClient();
        CompletableFuture<Void> result = new CompletableFuture<>();
        MqttAsyncClient fresh;
        try {
            fresh = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            MqttConnectOptions connectOptions = connectOptions(serverUri);
            fresh.setCallback(new Callback(fresh));
            client = fresh;
            fresh.connect(connectOptions, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    dispatch(() -> {
                        server = serverUri;
                        result.complete(null);
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    dispatch(() -> result.completeExceptionally(explainTls(serverUri, options.tls(), cause)));
                }
            });
        } catch (MqttException | IOException | IllegalArgumentException e) {
            discardClient();
            return CompletableFuture.failedFuture(e);
        }
        long limitMs = options.connectTimeout().toMillis() + 1_000;
        result.orTimeout(limitMs, TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error instanceof TimeoutException && client == fresh) {
                // Paho's own connect timeout did not fire: do not trust this client any more (A.1)
                executor.execute(() -> {
                    if (client == fresh) {
                        discardClient();
                    }
                });
            }
        });
        return result;
    }

    private MqttConnectOptions connectOptions(String serverUri) throws IOException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) Math.max(1, options.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, options.connectTimeout().toSeconds()));
        o.setMaxInflight(options.maxInflight());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (options.username() != null) {
            o.setUserName(options.username());
        }
        if (options.password() != null) {
            o.setPassword(options.password().clone());
        }
        Will will = options.will();
        if (will != null) {
            o.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        }
        if (serverUri.startsWith("ssl://")) {
            // Paho's default today, set explicitly: the broker's certificate must name the host of the
            // URI (endpoint identification "HTTPS" on the socket, with our factory as with Paho's)
            o.setHttpsHostnameVerificationEnabled(true);
        }
        if (serverUri.startsWith("ssl://") && options.tls() != null && options.tls().ca() != null) {
            // read again on every connect: a renewed certificate is picked up, an expired one named
            UplinkSection.Tls tls = options.tls();
            o.setSocketFactory(PemTls.socketFactory(tls.ca(), tls.cert(), tls.key()));
        }
        return o;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.failedFuture(new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED));
        }
        PublishFuture result = new PublishFuture();
        pending.add(result);
        result.whenComplete((ok, error) -> pending.remove(result));
        try {
            // the action listener of a QoS 1 publish fires on PUBACK (deliveryComplete), of QoS 0 once written
            result.token = c.publish(topic, payload, qos, retained, null, completing(result));
        } catch (MqttException | IllegalArgumentException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Paho sets its token's {@code sent} once the sender thread has written and flushed the whole
     * packet, and again when the token completes (so that waiters wake): only a {@code sent} seen
     * before completion means written. A short-lived daemon thread watches for it (spinning for the
     * first 50 ms, then every millisecond), ending when the publish completes or after a minute.
     */
    @Override
    public void watchWritten(CompletableFuture<Void> publish) {
        if (!(publish instanceof PublishFuture p) || SENT == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            long start = System.nanoTime();
            while (!p.isDone() && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1)) {
                if (p.token instanceof org.eclipse.paho.client.mqttv3.MqttToken t) {
                    boolean sent = sent(t); // before isComplete: completion sets completed first, sent after
                    if (t.isComplete()) {
                        return;
                    }
                    if (sent) {
                        p.written = true;
                        return;
                    }
                }
                if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(50)) {
                    Thread.onSpinWait();
                } else {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "mqtt-write-watch-" + clientId);
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public boolean written(CompletableFuture<Void> publish) {
        return publish instanceof PublishFuture p && p.written;
    }

    private static boolean sent(org.eclipse.paho.client.mqttv3.MqttToken t) {
        try {
            return SENT.getBoolean(t.internalTok);
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** A publish in progress, with Paho's token (set once Paho took the message). */
    private static final class PublishFuture extends CompletableFuture<Void> {
        volatile IMqttDeliveryToken token;
        volatile boolean written;
    }

    /**
     * Paho 1.2.5 (its last release) keeps {@code Token.sent} private and offers only a blocking,
     * uninterruptible-looking wait on it: read it directly. Null if that ever fails (then no publish
     * counts as written: refusals are never concluded, only the size limit dead-letters).
     */
    private static final java.lang.reflect.Field SENT = sentField();

    private static java.lang.reflect.Field sentField() {
        try {
            java.lang.reflect.Field f = org.eclipse.paho.client.mqttv3.internal.Token.class.getDeclaredField("sent");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot tell written publishes apart with this Paho ({}): brokers' refusals go unnoticed",
                    e.toString());
            return null;
        }
    }

    /**
     * Paho reports TLS failures as "Connection lost" or a bare PKIX message; a technician needs to
     * know which side refused and which file to look at. Returns {@code cause} itself when it is not
     * a TLS failure.
     */
    static Throwable explainTls(String serverUri, UplinkSection.Tls tls, Throwable cause) {
        if (!serverUri.startsWith("ssl://")) {
            return cause;
        }
        String ca = tls == null || tls.ca() == null ? "the JVM's default CAs" : "tls.ca " + tls.ca();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertificateExpiredException
                    || message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
                return new IOException("TLS: the broker's certificate is not trusted by " + ca + " (" + message
                        + "): is tls.ca the CA that signed the broker's certificate?", cause);
            }
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                return new IOException("TLS: the broker's certificate does not name the host of " + serverUri + " ("
                        + message + ")", cause);
            }
            if (message.contains("Received fatal alert: ")) {
                String alert = message.substring(message.indexOf("Received fatal alert: ") + 22);
                if (alert.startsWith("unknown_ca") || alert.startsWith("bad_certificate")
                        || alert.startsWith("certificate_") || alert.startsWith("access_denied")
                        || alert.startsWith("handshake_failure")) {
                    String cert = tls == null || tls.cert() == null
                            ? "none (the broker may require one: set tls.cert and tls.key)"
                            : "tls.cert " + tls.cert();
                    return new IOException("TLS: the broker refused our client certificate, " + cert
                            + " (" + message + "): is it signed by the CA the broker trusts, and still valid?", cause);
                }
                return new IOException("TLS: the broker ended the handshake (" + message + ")", cause);
            }
        }
        return cause;
    }

    /** A future that fails with the others when the connection drops. */
    private CompletableFuture<Void> pendingFuture() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((ok, error) -> pending.remove(result));
        return result;
    }

    /** Completes {@code result} on our events thread, never on Paho's. */
    private IMqttActionListener completing(CompletableFuture<Void> result) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                dispatch(() -> result.complete(null));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                dispatch(() -> result.completeExceptionally(cause));
            }
        };
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos, MessageListener listener) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.failedFuture(new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED));
        }
        subscriptions.put(filter, listener);
        CompletableFuture<Void> result = pendingFuture();
        try {
            c.subscribe(filter, qos, null, completing(result));
        } catch (MqttException | IllegalArgumentException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public String server() {
        return isConnected() ? server : null;
    }

    @Override
    public void disconnect(long timeoutMs) {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        client = null;
        try {
            if (c.isConnected()) {
                c.disconnect(Math.min(timeoutMs, 1_000)).waitForCompletion(timeoutMs);
            }
        } catch (MqttException e) {
            LOG.debug("polite disconnect failed, forcing: {}", e.toString());
        }
        closeQuietly(c, true);
        failPending(new MqttException(MqttException.REASON_CODE_CLIENT_DISCONNECTING));
    }

    @Override
    public void close() {
        discardClient();
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drops the TCP connection without sending DISCONNECT, as a power cut or a dead link would: the
     * broker then publishes the will. For giving up on a stuck connection, and for tests.
     */
    @Override
    public void abort() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            closeQuietly(c, false);
        }
        failPending(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
    }

    private void discardClient() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            closeQuietly(c, true);
        }
        failPending(new MqttException(MqttException.REASON_CODE_CLIENT_CLOSED));
    }

    private static void closeQuietly(MqttAsyncClient c, boolean sendDisconnect) {
        try {
            c.disconnectForcibly(0, CLOSE_TIMEOUT_MS, sendDisconnect);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("disconnectForcibly: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    private void failPending(Throwable cause) {
        for (CompletableFuture<Void> f : pending.toArray(new CompletableFuture[0])) {
            dispatch(() -> f.completeExceptionally(cause));
        }
    }

    private void dispatch(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run(); // after close() there is no Paho thread left to protect
        }
    }

    /** Paho's callback: only hands work to our executor. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            dispatch(() -> {
                if (client != owner) {
                    return; // an old client we already replaced
                }
                failPending(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST, cause));
                ConnectionListener l = connectionListener;
                if (l != null) {
                    l.connectionLost(cause);
                }
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            boolean retained = message.isRetained();
            // a flood of received messages must not queue without bound behind a slow listener;
            // publish completions and connection events are never dropped
            if (pendingMessages.incrementAndGet() > MAX_PENDING_MESSAGES) {
                pendingMessages.decrementAndGet();
                long n = droppedMessages.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("mqtt {}: {} received message(s) dropped, {} already waiting for the listener", clientId, n,
                            MAX_PENDING_MESSAGES);
                }
                return;
            }
            dispatch(() -> {
                try {
                    subscriptions.forEach((filter, listener) -> {
                        if (MqttTopic.isMatched(filter, topic)) {
                            listener.message(topic, payload, retained);
                        }
                    });
                } finally {
                    pendingMessages.decrementAndGet();
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publish futures complete through their action listeners
        }
    }
}
