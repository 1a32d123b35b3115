package org.fieldgate.gateway.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.pipeline.Topics;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to the monitoring network, on its own thread named {@code uplink}.
 *
 * <ul>
 *   <li>Connects to {@code servers} in order, failing over to the next; when all fail it retries
 *       with capped exponential backoff and jitter (1 s to 60 s), from the very first connect.</li>
 *   <li>On every connect: birth {@code {"v":1,"gw":G,"online":true,"version":…,"started":ms}}
 *       retained on {@code R/G/state} (the will retains {@code online:false} there), then one
 *       health message, then one every {@code health} interval (QoS 0, {@code R/G/health}).</li>
 *   <li>Drains the outbox: the {@link Lane#ALERT} lane first, re-checked before every telemetry
 *       page, then {@link Lane#TELEMETRY} oldest first; at most {@code maxInflight} publishes wait
 *       for PUBACK; a row is deleted only after its PUBACK.</li>
 *   <li>On connection loss everything in flight is forgotten (the rows are still stored and go
 *       again after the reconnect: duplicates, never loss).</li>
 * </ul>
 * All store calls and all transport calls happen on the uplink thread; completions come back
 * through an event queue.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Paho counts birth, health and the offline state in its window too (A.1): keep room for them. */
    static final int TRANSPORT_RESERVE = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MS = 500;
    /** A connection that lived shorter than this does not reset the backoff (a flapping broker). */
    private static final long STABLE_MS = 10_000;
    private static final long STORE_RETRY_MS = 1_000;

    private final String gatewayId;
    private final String version;
    private final List<String> servers;
    private final String stateTopic;
    private final String healthTopic;
    private final Duration healthInterval;
    private final int window;
    private final OutboxStore store;
    private final MqttTransport transport;
    private final Supplier<byte[]> health;
    private final Clock clock;
    private final long startedAt;
    private volatile Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
            () -> ThreadLocalRandom.current().nextDouble());

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running;
    private volatile long stopDeadlineNanos;

    // status, written by the uplink thread
    private volatile boolean connected;
    private volatile String server;
    private volatile long lastConnectedAt;
    private volatile String lastError;
    private volatile int inflightCount;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();

    // uplink thread only
    private long generation;
    private final Set<Long> inflight = new HashSet<>();
    private long alertCursor;
    private long telemetryCursor;
    private boolean reconnectNeeded;

    /**
     * @param mqtt       the {@code uplink.mqtt} section; {@code servers} must not be empty (the runtime
     *                   puts the local broker's URL there when the config leaves it empty)
     * @param gatewayId  gateway id ({@code G} in topics)
     * @param version    runtime version for the birth message
     * @param store      the outbox
     * @param transports makes the one transport this uplink uses, given the will to register;
     *                   {@link #pahoTransports} in production, a fake or a Paho one in tests
     * @param health     builds the {@code R/G/health} payload (JSON bytes), or null for none
     * @param clock      wall clock for the timestamps in birth and status
     */
    public Uplink(UplinkSection.Mqtt mqtt, String gatewayId, String version, OutboxStore store,
                  Function<MqttTransport.Will, MqttTransport> transports, Supplier<byte[]> health, Clock clock) {
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.version = Objects.requireNonNull(version, "version");
        this.servers = List.copyOf(mqtt.servers());
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("uplink.mqtt.servers is empty: give at least one broker URI");
        }
        Topics topics = new Topics(topicRoot(mqtt), gatewayId);
        this.stateTopic = topics.state();
        this.healthTopic = topics.health();
        this.healthInterval = mqtt.health() == null ? Duration.ofMinutes(1) : mqtt.health();
        this.window = window(mqtt);
        this.store = Objects.requireNonNull(store, "store");
        this.health = health;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.millis();
        this.transport = transports.apply(will(gatewayId, stateTopic));
        this.transport.setConnectionListener(cause -> events.add(new Lost(cause)));
        this.thread = new Thread(this::run, "uplink");
        this.thread.setDaemon(true);
    }

    /**
     * Production transports: Paho with the section's client id, keep-alive, window, user and TLS.
     *
     * @param password the password read from {@code password_file}, or null; copied, never logged
     */
    public static Function<MqttTransport.Will, MqttTransport> pahoTransports(UplinkSection.Mqtt mqtt, String gatewayId,
                                                                             char[] password) {
        String clientId = mqtt.clientId() == null ? "fieldgate-" + gatewayId : mqtt.clientId();
        Duration keepAlive = mqtt.keepAlive() == null ? Duration.ofSeconds(30) : mqtt.keepAlive();
        char[] secret = password == null ? null : password.clone();
        return will -> new PahoMqttTransport(clientId, new PahoMqttTransport.Options(keepAlive, CONNECT_TIMEOUT,
                window(mqtt) + TRANSPORT_RESERVE, mqtt.username(), secret, mqtt.tls(), will));
    }

    /** The will every connect registers: {@code {"v":1,"gw":G,"online":false}}, QoS 1, retained. */
    static MqttTransport.Will will(String gatewayId, String stateTopic) {
        return new MqttTransport.Will(stateTopic, offlinePayload(gatewayId), 1, true);
    }

    private static String topicRoot(UplinkSection.Mqtt mqtt) {
        return mqtt.topicRoot() == null || mqtt.topicRoot().isBlank() ? "ews" : mqtt.topicRoot();
    }

    private static int window(UplinkSection.Mqtt mqtt) {
        return mqtt.maxInflight() > 0 ? mqtt.maxInflight() : 32;
    }

    /** For tests: shorter backoff. Call before {@link #start()}. */
    void backoff(Duration initial, Duration max) {
        this.backoff = new Backoff(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Starts the uplink thread. */
    public void start() {
        running = true;
        thread.start();
    }

    /** Tells the uplink that something was appended, so an alert goes out without polling delay. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            events.add(Wake.INSTANCE);
        }
    }

    public UplinkStatus status() {
        long n = connects.get();
        return new UplinkStatus(connected, server, lastConnectedAt, lastError, published.get(), acked.get(),
                inflightCount, Math.max(0, n - 1));
    }

    /** The retained state topic {@code R/G/state}. */
    public String stateTopic() {
        return stateTopic;
    }

    /** The health topic {@code R/G/health}. */
    public String healthTopic() {
        return healthTopic;
    }

    /**
     * Stops: publishes nothing more from the outbox, waits a little for outstanding PUBACKs,
     * announces {@code online:false} retained on state, disconnects. Returns within about
     * {@code timeout}.
     */
    public void close(Duration timeout) {
        if (!running && !thread.isAlive()) {
            transport.close();
            return;
        }
        stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
        running = false;
        events.add(Wake.INSTANCE);
        try {
            thread.join(timeout.toMillis() + 1_000);
            if (thread.isAlive()) {
                LOG.warn("uplink thread did not stop within {}, interrupting", timeout);
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- the uplink thread

    private void run() {
        int attempt = 0;
        try {
            while (running) {
                if (!connectToAny()) {
                    if (running) {
                        long delay = backoff.delayMs(attempt++);
                        LOG.info("uplink: no broker reachable, retry in {} ms", delay);
                        idle(delay);
                    }
                    continue;
                }
                long upSince = System.nanoTime();
                serveConnection();
                if (!running) {
                    break;
                }
                if (System.nanoTime() - upSince >= TimeUnit.MILLISECONDS.toNanos(STABLE_MS)) {
                    attempt = 0; // reconnect at once after a connection that was up for a while
                } else {
                    idle(backoff.delayMs(attempt++));
                }
            }
            shutdown();
        } catch (RuntimeException | Error e) {
            LOG.error("uplink thread died", e);
            lastError = e.toString();
        } finally {
            connected = false;
            transport.close();
        }
    }

    private boolean connectToAny() {
        for (String uri : servers) {
            if (!running) {
                return false;
            }
            server = uri;
            try {
                transport.connect(uri).get(CONNECT_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
                generation++;
                connects.incrementAndGet();
                lastConnectedAt = clock.millis();
                connected = true;
                LOG.info("uplink: connected to {}", uri);
                return true;
            } catch (ExecutionException e) {
                noteConnectFailure(uri, e.getCause());
            } catch (TimeoutException e) {
                noteConnectFailure(uri, e);
            } catch (InterruptedException e) {
                if (!running) {
                    return false;
                }
                Thread.interrupted(); // a stray interrupt: keep going
            }
        }
        return false;
    }

    private void noteConnectFailure(String uri, Throwable cause) {
        lastError = uri + ": " + describe(cause);
        LOG.warn("uplink: connect to {} failed: {}", uri, describe(cause));
    }

    private void serveConnection() {
        inflight.clear();
        inflightCount = 0;
        alertCursor = 0;
        telemetryCursor = 0;
        reconnectNeeded = false;
        publishLive(stateTopic, birthPayload(), 1, true, "birth");
        publishHealth();
        long nextHealth = System.nanoTime() + healthInterval.toNanos();

        while (running && !reconnectNeeded) {
            if (!transport.isConnected()) {
                lastError = "connection lost";
                reconnectNeeded = true;
                break;
            }
            if (System.nanoTime() - nextHealth >= 0) {
                publishHealth();
                nextHealth = System.nanoTime() + healthInterval.toNanos();
            }
            boolean more = fill();
            long waitMs = more && inflight.size() < window ? 0
                    : Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHealth - System.nanoTime())));
            awaitEvents(waitMs);
        }
        connected = false;
        if (running) {
            LOG.warn("uplink: connection to {} lost ({}); unacknowledged messages stay in the outbox and go again",
                    server, lastError);
            transport.disconnect(1_000);
        }
    }

    /** Publishes from the outbox into the free part of the window; true if it sent something. */
    private boolean fill() {
        int free = window - inflight.size();
        if (free <= 0) {
            return false;
        }
        try {
            List<StoredMessage> alerts = store.page(Lane.ALERT, alertCursor, free);
            if (!alerts.isEmpty()) {
                for (StoredMessage m : alerts) {
                    alertCursor = m.id();
                    send(m);
                }
                return true; // alerts again before any telemetry page
            }
            List<StoredMessage> telemetry = store.page(Lane.TELEMETRY, telemetryCursor, free);
            for (StoredMessage m : telemetry) {
                telemetryCursor = m.id();
                send(m);
            }
            return !telemetry.isEmpty();
        } catch (StoreException e) {
            lastError = "store: " + e.getMessage();
            LOG.error("uplink: cannot read the outbox: {}", e.getMessage());
            awaitEvents(STORE_RETRY_MS);
            return false;
        }
    }

    private void send(StoredMessage m) {
        long gen = generation;
        inflight.add(m.id());
        inflightCount = inflight.size();
        published.incrementAndGet();
        transport.publish(m.topic(), m.payload(), 1, m.retained()).whenComplete((ok, error) ->
                events.add(error == null ? new Acked(gen, m.id()) : new Failed(gen, m.id(), error)));
    }

    private void publishHealth() {
        if (health == null) {
            return;
        }
        byte[] payload;
        try {
            payload = health.get();
        } catch (RuntimeException e) {
            LOG.warn("uplink: health payload failed: {}", e.toString());
            return;
        }
        if (payload != null) {
            publishLive(healthTopic, payload, 0, false, "health");
        }
    }

    /** A live-only message (state, health): not from the outbox, failures only logged. */
    private void publishLive(String topic, byte[] payload, int qos, boolean retained, String what) {
        transport.publish(topic, payload, qos, retained).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug("uplink: {} not delivered: {}", what, describe(error));
            }
        });
    }

    /** Waits up to {@code ms} for an event, then handles every queued event. */
    private void awaitEvents(long ms) {
        try {
            Event first = ms <= 0 ? events.poll() : events.poll(ms, TimeUnit.MILLISECONDS);
            if (first != null) {
                handle(first);
            }
        } catch (InterruptedException e) {
            if (running) {
                Thread.interrupted();
            }
            return;
        }
        Event next;
        while ((next = events.poll()) != null) {
            handle(next);
        }
    }

    /** Sleeps {@code ms} while still handling events (late PUBACKs still delete their rows). */
    private void idle(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left;
        while (running && (left = end - System.nanoTime()) > 0) {
            awaitEvents(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private void handle(Event event) {
        if (event instanceof Acked a) {
            acked.incrementAndGet();
            if (a.generation() == generation) {
                inflight.remove(a.id());
                inflightCount = inflight.size();
            }
            deleteRow(a.id());
        } else if (event instanceof Failed f) {
            if (f.generation() != generation) {
                return; // from a connection we already gave up
            }
            inflight.remove(f.id());
            inflightCount = inflight.size();
            if (f.error() instanceof IllegalArgumentException) {
                // Paho refuses the topic (e.g. a wildcard): it can never be sent, retrying would block the lane
                LOG.error("uplink: dropping outbox row {}: {}", f.id(), f.error().getMessage());
                deleteRow(f.id());
                return;
            }
            lastError = describe(f.error());
            // the order of the lane can only be kept by a fresh session: reconnect and resend from the store
            reconnectNeeded = true;
        } else if (event instanceof Lost l) {
            if (!transport.isConnected()) {
                lastError = "connection lost: " + describe(l.cause());
                reconnectNeeded = true;
            }
        } else {
            wakePending.set(false);
        }
    }

    private void deleteRow(long id) {
        try {
            store.delete(id);
        } catch (StoreException e) {
            // the row stays and goes again later: a duplicate, not a loss
            LOG.error("uplink: cannot delete acknowledged row {}: {}", id, e.getMessage());
        }
    }

    private void shutdown() {
        if (!transport.isConnected()) {
            return;
        }
        // let outstanding PUBACKs come back so their rows are deleted (fewer duplicates after restart)
        long half = System.nanoTime() + (stopDeadlineNanos - System.nanoTime()) / 2;
        while (!inflight.isEmpty() && !reconnectNeeded && System.nanoTime() - half < 0) {
            awaitEvents(Math.max(1, TimeUnit.NANOSECONDS.toMillis(half - System.nanoTime())));
        }
        long remainingMs = Math.max(200, TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime()));
        try {
            transport.publish(stateTopic, offlinePayload(gatewayId), 1, true)
                    .get(remainingMs / 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("uplink: offline state not acknowledged: {}", describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.disconnect(Math.max(100, remainingMs / 2));
        connected = false;
        LOG.info("uplink: disconnected from {}", server);
    }

    private byte[] birthPayload() {
        Map<String, Object> birth = new LinkedHashMap<>();
        birth.put("v", 1);
        birth.put("gw", gatewayId);
        birth.put("online", true);
        birth.put("version", version);
        birth.put("started", startedAt);
        return json(birth);
    }

    private static byte[] offlinePayload(String gatewayId) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("v", 1);
        state.put("gw", gatewayId);
        state.put("online", false);
        return json(state);
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private sealed interface Event permits Acked, Failed, Lost, Wake {
    }

    private record Acked(long generation, long id) implements Event {
    }

    private record Failed(long generation, long id, Throwable error) implements Event {
    }

    private record Lost(Throwable cause) implements Event {
    }

    private enum Wake implements Event {
        INSTANCE
    }
}
