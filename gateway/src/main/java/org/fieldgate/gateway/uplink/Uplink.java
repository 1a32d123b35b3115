package org.fieldgate.gateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.store.DeadLetters;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.UnstoredAlert;
import org.fieldgate.gateway.store.UnstoredAlerts;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.fieldgate.gateway.supervision.RunningLoop;
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
 *       page and between the publishes of a page when something was appended, then
 *       {@link Lane#TELEMETRY} oldest first; at most {@code maxInflight} telemetry publishes wait
 *       for PUBACK, and alerts have {@link #ALERT_RESERVE} slots more that telemetry never uses.</li>
 *   <li>A row is deleted only after its PUBACK; acknowledged rows are deleted in batches
 *       ({@link OutboxStore#deleteAll}, at most {@link #DELETE_DELAY_MS} late or
 *       {@link #DELETE_BATCH} rows).</li>
 *   <li>On connection loss everything in flight is forgotten (the rows are still stored and go
 *       again after the reconnect: duplicates, never loss).</li>
 *   <li>A link without any PUBACK for the ack timeout (default {@link #ACK_TIMEOUT}) while
 *       something is in flight is aborted and rebuilt.</li>
 *   <li>Dead letters only for what the broker deterministically refuses (docs/uplink.md): a message
 *       whose PUBLISH packet is above the broker's known limit ({@code max_message_size}) goes to the
 *       dead-letter table at once; otherwise the oldest in-flight row when the link fails is a
 *       suspect and goes alone from then on, on a connection whose birth the broker acknowledged.
 *       When the broker drops the link right after such a lone message was fully written (within
 *       {@link #REFUSAL_WINDOW_MS}, or three birth round trips), {@link #MAX_REFUSALS} times in a row,
 *       it is dead-lettered
 *       and the lane flows on. Link drops with several messages in flight, cuts mid-write, PUBACK
 *       timeouts and restarts never count. Attempts and refusals are persisted
 *       ({@link OutboxStore#recordAttempts}), so a restart loop neither resets nor convicts.</li>
 *   <li>Alerts the store could not write ({@link #sendFromMemory}) go first, before anything from
 *       the store, in order, QoS 1, again on every connection until their PUBACK.</li>
 *   <li>When idle (nothing in flight, no delete pending) the lanes are read from their start again,
 *       so rows put back by {@code fieldgate dead-letters requeue} go at the next poll.</li>
 * </ul>
 * All store calls and all transport calls happen on the uplink thread; completions come back
 * through an event queue.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** Paho counts birth, health and the offline state in its window too (A.1): keep room for them. */
    static final int TRANSPORT_RESERVE = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MS = 500;
    /** A connection that lived shorter than this does not reset the backoff (a flapping broker). */
    private static final long STABLE_MS = 10_000;
    private static final long STORE_RETRY_MS = 1_000;
    /** Slots beyond the telemetry window that only alerts may use: an alert never waits for a telemetry PUBACK. */
    static final int ALERT_RESERVE = 8;
    /** Acknowledged rows are deleted together, at most this long after the first PUBACK… */
    static final long DELETE_DELAY_MS = 100;
    /** …or as soon as this many are waiting. */
    static final int DELETE_BATCH = 500;
    /** Refusals in a row (see the class comment) before a message is dead-lettered. */
    static final int MAX_REFUSALS = 5;
    /**
     * A drop later than this after a lone message was published, or later than three round trips of
     * the birth on that connection if that is longer, is not taken for its refusal: a refusing broker
     * answers at once, and the shorter the window, the less a randomly cut link can look like one.
     */
    static final long REFUSAL_WINDOW_MS = 250;
    /** Default time without any PUBACK, while something is in flight, before the link is torn down. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MessageEncoder encoder;
    private final String version;
    private final List<String> servers;
    private final String stateTopic;
    private final String healthTopic;
    private final Duration healthInterval;
    private final int window;
    /** The largest PUBLISH packet the broker takes ({@code uplink.mqtt.max_message_size}). */
    private final long maxMessageSize;
    private final OutboxStore store;
    private final MqttTransport transport;
    private final Supplier<byte[]> health;
    private final Clock clock;
    private final long startedAt;
    private volatile Duration ackTimeout = ACK_TIMEOUT;
    private volatile Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
            () -> ThreadLocalRandom.current().nextDouble());

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile UnstoredAlerts unstored = UnstoredAlerts.NONE;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile RunningLoop loop;
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

    private final AtomicLong ackTimeouts = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    // uplink thread only
    private long generation;
    /** Published, not yet acknowledged, in publish order (the first is the oldest). */
    private final LinkedHashMap<Long, Inflight> inflight = new LinkedHashMap<>();
    private int telemetryInflight;
    private long alertCursor;
    private long telemetryCursor;
    private boolean reconnectNeeded;
    private long lastAckNanos;
    /** Acknowledged ids waiting for the next {@link OutboxStore#deleteAll} (one per loop turn at most). */
    private final List<Long> pendingDeletes = new ArrayList<>();
    private long deleteDueNanos;
    /**
     * Per outbox row id: how often the link failed while it was the oldest in flight, and how many
     * of those in a row were refusals. Loaded from the store at start, written back on every change.
     */
    private final Map<Long, DeadLetters.Attempts> attempts = new HashMap<>();
    /** The broker acknowledged this connection's birth, and how long that took. */
    private boolean proven;
    private long birthRoundTripNanos;
    private long connectedAtNanos;
    /**
     * Alerts from memory published on this connection: seq to messages not yet acknowledged. In
     * {@link #inflight} their messages have negative keys, {@code -(2 seq + i)}, never an outbox id.
     */
    private final Map<Long, Integer> unstoredLeft = new HashMap<>();
    /** A suspect row in flight on its own (0: none); nothing else of its lane goes meanwhile. */
    private long isolated;
    private Lane isolatedLane;

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
        this.encoder = new MessageEncoder(Objects.requireNonNull(gatewayId, "gatewayId"));
        this.version = Objects.requireNonNull(version, "version");
        this.servers = List.copyOf(mqtt.servers());
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("uplink.mqtt.servers is empty: give at least one broker URI");
        }
        Topics topics = new Topics(mqtt.topicRoot(), gatewayId);
        this.stateTopic = topics.state();
        this.healthTopic = topics.health();
        this.healthInterval = mqtt.health();
        this.window = mqtt.maxInflight();
        this.maxMessageSize = mqtt.maxMessageSize();
        this.store = Objects.requireNonNull(store, "store");
        this.health = health;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.millis();
        // the will every connect registers: the offline state, QoS 1, retained
        this.transport = transports.apply(new MqttTransport.Will(stateTopic, encoder.offline(), 1, true));
        this.transport.setConnectionListener(cause -> events.add(new Lost(cause)));
    }

    /**
     * Production transports: Paho with the section's client id, keep-alive, window, user and TLS.
     *
     * @param password the password read from {@code password_file}, or null; copied, never logged
     */
    public static Function<MqttTransport.Will, MqttTransport> pahoTransports(UplinkSection.Mqtt mqtt, String gatewayId,
                                                                             char[] password) {
        String clientId = mqtt.clientIdFor(gatewayId);
        Duration keepAlive = mqtt.keepAlive();
        char[] secret = password == null ? null : password.clone();
        return will -> new PahoMqttTransport(clientId, new PahoMqttTransport.Options(keepAlive, CONNECT_TIMEOUT,
                mqtt.maxInflight() + ALERT_RESERVE + TRANSPORT_RESERVE, mqtt.username(), secret, mqtt.tls(), will));
    }

    /** For tests: shorter backoff. Call before {@link #start()}. */
    void backoff(Duration initial, Duration max) {
        this.backoff = new Backoff(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: a shorter PUBACK timeout. Call before {@link #start()}. */
    void ackTimeout(Duration timeout) {
        this.ackTimeout = timeout;
    }

    /** Where alerts the store could not write wait; they go before anything stored. Call before {@link #start()}. */
    public void sendFromMemory(UnstoredAlerts source) {
        this.unstored = Objects.requireNonNull(source, "source");
    }

    /** Starts the uplink thread, unsupervised (tests, tools): a throw ends it. */
    public void start() {
        start(LoopStarter.PLAIN);
    }

    /**
     * Starts the uplink thread {@code uplink} through {@code threads} (the gateway's
     * {@link org.fieldgate.gateway.supervision.Supervisor}, which starts it again after a throw).
     */
    public void start(LoopStarter threads) {
        running = true;
        loop = threads.start("uplink", this::run);
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
                inflightCount, Math.max(0, n - 1), ackTimeouts.get(), deadLettered.get());
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
        RunningLoop l = loop;
        if (l == null || (!running && !l.isAlive())) {
            running = false;
            transport.close();
            return;
        }
        stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
        running = false;
        l.stopRestarts();
        events.add(Wake.INSTANCE);
        try {
            if (!l.join(timeout.toMillis() + 1_000)) {
                LOG.warn("uplink thread did not stop within {}, interrupting", timeout);
                l.interrupt();
                l.join(1_000);
            }
            if (!l.isAlive()) {
                transport.close(); // a no-op when the thread closed it; needed when it was waiting for a restart
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

    /**
     * One life of the uplink thread: returns once stopped; a throw (any {@link Throwable}) leaves the
     * link aborted, so that the next life, which the supervisor starts, connects afresh.
     */
    private void run() {
        int attempt = 0;
        boolean failed = false;
        try {
            loadAttempts();
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
            failed = true;
            lastError = e.toString();
            throw e;
        } finally {
            connected = false;
            if (failed && running) {
                transport.abort(); // what was in flight goes again from the outbox on the next connection
            } else {
                transport.close();
            }
        }
    }

    private void loadAttempts() {
        try {
            attempts.putAll(store.deliveryAttempts());
            if (!attempts.isEmpty()) {
                LOG.info("uplink: {} outbox row(s) failed in flight before; each goes alone first", attempts.size());
            }
        } catch (StoreException e) {
            LOG.error("uplink: cannot read the delivery attempts: {}", e.getMessage());
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
        flushDeletes(); // acknowledged rows must be gone before the cursors restart at the oldest row
        inflight.clear();
        inflightCount = 0;
        telemetryInflight = 0;
        isolated = 0;
        unstoredLeft.clear();
        alertCursor = 0;
        telemetryCursor = 0;
        reconnectNeeded = false;
        lastAckNanos = System.nanoTime();
        proven = false;
        connectedAtNanos = System.nanoTime();
        long gen = generation;
        transport.publish(stateTopic, encoder.online(version, startedAt), 1, true).whenComplete((ok, error) -> {
            if (error == null) {
                events.add(new Proven(gen));
            } else {
                LOG.debug("uplink: birth not delivered: {}", describe(error));
            }
        });
        publishHealth();
        long nextHealth = System.nanoTime() + healthInterval.toNanos();

        while (running && !reconnectNeeded) {
            if (!transport.isConnected()) {
                linkFailed("connection lost");
                break;
            }
            if (System.nanoTime() - nextHealth >= 0) {
                publishHealth();
                nextHealth = System.nanoTime() + healthInterval.toNanos();
            }
            if (ackStalled()) {
                break;
            }
            boolean more = fill();
            flushDeletesIfDue();
            long waitMs = more ? 0
                    : Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHealth - System.nanoTime())));
            awaitEvents(Math.min(waitMs, deleteWaitMs()));
        }
        connected = false;
        if (running) {
            LOG.warn("uplink: connection to {} ended ({}); unacknowledged messages stay in the outbox and go again",
                    server, lastError);
            transport.disconnect(1_000);
        }
    }

    /**
     * A link that stops acknowledging (half-open TCP, a frozen broker) is torn down: true, after an
     * abort, when something is in flight and no PUBACK came for {@code ackTimeout} since the later
     * of the last PUBACK and the oldest in-flight publish. Measured from the last PUBACK too, so a
     * slow link that still moves (a big window draining over 2G) is not mistaken for a dead one.
     */
    private boolean ackStalled() {
        if (inflight.isEmpty()) {
            return false;
        }
        long oldestSent = inflight.values().iterator().next().sentAtNanos();
        long quietSince = Math.max(oldestSent, lastAckNanos);
        if (System.nanoTime() - quietSince < ackTimeout.toNanos()) {
            return false;
        }
        lastError = "no PUBACK from " + server + " for " + ackTimeout.toMillis() + " ms with " + inflight.size()
                + " in flight: link torn down";
        ackTimeouts.incrementAndGet();
        LOG.warn("uplink: {}", lastError);
        reconnectNeeded = true;
        transport.abort(); // a polite DISCONNECT would only wait on the dead link
        return true;
    }

    /**
     * Publishes from the outbox into the free part of the window; true if it should run again at
     * once. Alerts may use {@link #ALERT_RESERVE} slots beyond the telemetry window, so a window full
     * of unacknowledged telemetry never holds an alert back; a telemetry page stops as soon as
     * something was appended ({@link #wake()}), so the alert lane is looked at again between publishes.
     */
    private boolean fill() {
        if (inflight.isEmpty() && pendingDeletes.isEmpty()) {
            alertCursor = 0; // everything read before was acknowledged and deleted: this only finds requeued rows
            telemetryCursor = 0;
        }
        if (!fillFromMemory()) {
            return false;
        }
        try {
            if (isolated != 0 && isolatedLane == Lane.ALERT) {
                return false;
            }
            int alertRoom = window + ALERT_RESERVE - inflight.size();
            if (alertRoom > 0) {
                List<StoredMessage> alerts = store.page(Lane.ALERT, alertCursor, alertRoom);
                boolean sent = false;
                for (StoredMessage m : alerts) {
                    Offer offer = offer(m);
                    if (offer == Offer.BLOCKED) {
                        break;
                    }
                    alertCursor = m.id();
                    sent = true;
                    if (offer == Offer.ISOLATED) {
                        break;
                    }
                }
                if (!alerts.isEmpty()) {
                    return sent; // alerts again before any telemetry page
                }
            }
            if (isolated != 0) {
                return false; // a suspect row goes alone; the lane waits for its PUBACK
            }
            // telemetry keeps to its window and never takes the alerts' reserve
            int room = Math.min(window - telemetryInflight, window + ALERT_RESERVE - inflight.size());
            if (room <= 0) {
                return false;
            }
            List<StoredMessage> telemetry = store.page(Lane.TELEMETRY, telemetryCursor, room);
            for (StoredMessage m : telemetry) {
                if (wakePending.get()) {
                    return true; // something was appended, maybe an alert: the rest of this page waits
                }
                Offer offer = offer(m);
                if (offer == Offer.BLOCKED) {
                    return false;
                }
                telemetryCursor = m.id();
                if (offer == Offer.ISOLATED) {
                    return false;
                }
            }
            return telemetry.size() == room; // a full page: there may be more
        } catch (StoreException e) {
            lastError = "store: " + e.getMessage();
            LOG.error("uplink: cannot read the outbox: {}", e.getMessage());
            awaitEvents(STORE_RETRY_MS);
            return false;
        }
    }

    /** Publishes the alerts waiting in memory that are not in flight yet; false when the window is full. */
    private boolean fillFromMemory() {
        for (UnstoredAlert a : unstored.waiting()) {
            if (unstoredLeft.containsKey(a.seq())) {
                continue;
            }
            if (window + ALERT_RESERVE - inflight.size() < a.messages().size()) {
                return false;
            }
            unstoredLeft.put(a.seq(), a.messages().size());
            for (int i = 0; i < a.messages().size(); i++) {
                OutgoingMessage m = a.messages().get(i);
                long key = -(2 * a.seq() + i);
                long gen = generation;
                published.incrementAndGet();
                CompletableFuture<Void> future = transport.publish(m.topic(), m.payload(), 1, m.retained());
                track(key, Lane.ALERT, future);
                future.whenComplete((ok, error) ->
                        events.add(error == null ? new Acked(gen, key) : new Failed(gen, key, error)));
            }
        }
        return true;
    }

    private enum Offer { SENT, ISOLATED, BLOCKED, DEAD_LETTERED }

    /**
     * Sends {@code m}, unless it is above the broker's size limit (dead-lettered at once) or a suspect
     * (its publish was followed by a link failure before): a suspect goes alone, when nothing else is
     * in flight and the broker has acknowledged the birth on this connection, so that a drop right
     * after it is surely a refusal of it and not of the link.
     */
    private Offer offer(StoredMessage m) {
        long size = packetBytes(m);
        if (size > maxMessageSize) {
            DeadLetters.Attempts a = attempts.remove(m.id());
            deadLetter(m.id(), "its " + size + "-byte PUBLISH packet is above the broker's limit of " + maxMessageSize
                    + " bytes (uplink.mqtt.max_message_size)", a == null ? 0 : a.failures());
            return Offer.DEAD_LETTERED;
        }
        if (attempts.containsKey(m.id())) {
            boolean waitedForBirth = System.nanoTime() - connectedAtNanos > ackTimeout.toNanos();
            if (!inflight.isEmpty() || !(proven || waitedForBirth)) {
                return Offer.BLOCKED;
            }
            transport.watchWritten(send(m)); // its fate is judged: was it all written before the drop?
            isolated = m.id();
            isolatedLane = m.lane();
            return Offer.ISOLATED;
        }
        send(m);
        return Offer.SENT;
    }

    /** Size of the QoS 1 PUBLISH packet: fixed header, topic, packet id, payload. */
    static long packetBytes(StoredMessage m) {
        long remaining = 2L + m.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2 + m.payload().length;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return 1 + lengthBytes + remaining;
    }

    private void track(long id, Lane lane, CompletableFuture<Void> future) {
        inflight.put(id, new Inflight(lane, System.nanoTime(), future));
        if (lane == Lane.TELEMETRY) {
            telemetryInflight++;
        }
        inflightCount = inflight.size();
    }

    private void untrack(long id) {
        Inflight gone = inflight.remove(id);
        if (gone != null && gone.lane() == Lane.TELEMETRY) {
            telemetryInflight--;
        }
        inflightCount = inflight.size();
    }

    private CompletableFuture<Void> send(StoredMessage m) {
        long gen = generation;
        published.incrementAndGet();
        CompletableFuture<Void> future = transport.publish(m.topic(), m.payload(), 1, m.retained());
        track(m.id(), m.lane(), future);
        future.whenComplete((ok, error) ->
                events.add(error == null ? new Acked(gen, m.id()) : new Failed(gen, m.id(), error)));
        return future;
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
            awaitEvents(Math.min(deleteWaitMs(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            flushDeletesIfDue();
        }
        flushDeletes();
    }

    private void handle(Event event) {
        if (event instanceof Acked a && a.id() < 0) {
            acked.incrementAndGet();
            if (a.generation() == generation && inflight.containsKey(a.id())) {
                untrack(a.id());
                lastAckNanos = System.nanoTime();
                long seq = -a.id() / 2;
                if (unstoredLeft.merge(seq, -1, Integer::sum) == 0) {
                    unstored.acknowledged(seq);
                }
            }
        } else if (event instanceof Acked a) {
            acked.incrementAndGet();
            if (a.generation() == generation) {
                untrack(a.id());
                lastAckNanos = System.nanoTime();
                if (isolated == a.id()) {
                    isolated = 0;
                }
            }
            attempts.remove(a.id()); // its record goes with the row
            queueDelete(a.id());
        } else if (event instanceof Failed f) {
            if (f.generation() != generation || !inflight.containsKey(f.id())) {
                return; // from a connection we already gave up
            }
            if (f.error() instanceof IllegalArgumentException && f.id() < 0) {
                untrack(f.id());
                LOG.error("uplink: an alert from memory was refused by the MQTT client: {}", f.error().getMessage());
                return;
            }
            if (f.error() instanceof IllegalArgumentException) {
                // Paho refuses the topic (e.g. a wildcard): it can never be sent, retrying would block the lane
                untrack(f.id());
                if (isolated == f.id()) {
                    isolated = 0;
                }
                DeadLetters.Attempts a = attempts.remove(f.id());
                deadLetter(f.id(), "refused by the MQTT client: " + f.error().getMessage(), a == null ? 0 : a.failures());
                return;
            }
            // the order of the lane can only be kept by a fresh session: reconnect and resend from the store
            linkFailed(describe(f.error()));
            untrack(f.id());
        } else if (event instanceof Proven p) {
            if (p.generation() == generation) {
                proven = true;
                birthRoundTripNanos = System.nanoTime() - connectedAtNanos;
            }
        } else if (event instanceof Lost l) {
            if (!transport.isConnected()) {
                linkFailed("connection lost: " + describe(l.cause()));
            }
        } else {
            wakePending.set(false);
        }
    }

    /**
     * The link failed while this connection was being served. The first time per connection, the
     * oldest unacknowledged row is blamed: the broker handles a client's packets in order, so when
     * a message makes it drop the link, every older one was already taken. The blame is a failure
     * (the row goes alone from now on); it is a refusal only when the row was alone in flight on a
     * connection the broker had acknowledged something on, was fully written, and the drop came
     * within {@link #REFUSAL_WINDOW_MS}. {@link #MAX_REFUSALS} refusals in a row make a dead letter;
     * any other failure of the row alone starts the count again.
     */
    private void linkFailed(String reason) {
        if (reconnectNeeded) {
            return; // the echo of a failure already handled (pending publishes failing after an abort)
        }
        lastError = reason;
        reconnectNeeded = true;
        if (inflight.isEmpty()) {
            return;
        }
        Map.Entry<Long, Inflight> oldest = inflight.entrySet().iterator().next();
        long suspect = oldest.getKey();
        Inflight sent = oldest.getValue();
        if (suspect < 0) {
            return; // an alert from memory: it goes again first, nothing to record
        }
        boolean alone = isolated == suspect && inflight.size() == 1;
        long window = Math.max(TimeUnit.MILLISECONDS.toNanos(REFUSAL_WINDOW_MS), 3 * birthRoundTripNanos);
        boolean refused = alone && proven && transport.written(sent.future())
                && System.nanoTime() - sent.sentAtNanos() <= window;
        DeadLetters.Attempts before = attempts.getOrDefault(suspect, new DeadLetters.Attempts(0, 0));
        DeadLetters.Attempts after = new DeadLetters.Attempts(before.failures() + 1,
                refused ? before.refusals() + 1 : alone ? 0 : before.refusals());
        if (after.refusals() >= MAX_REFUSALS) {
            attempts.remove(suspect);
            deadLetter(suspect, "the broker closed the connection right after this message, sent alone and fully"
                    + " written, " + after.refusals() + " times in a row while it acknowledged other messages"
                    + " (last: " + reason + ")", after.failures());
            return;
        }
        attempts.put(suspect, after);
        try {
            store.recordAttempts(suspect, after);
        } catch (StoreException e) {
            LOG.warn("uplink: cannot record the attempts of outbox row {}: {}", suspect, e.getMessage());
        }
        LOG.info("uplink: outbox row {} was in flight when the link failed ({} failure(s){}); it goes alone next time",
                suspect, after.failures(), refused ? ", " + after.refusals() + " refusal(s) in a row of "
                        + MAX_REFUSALS : "");
    }

    private void deadLetter(long id, String reason, int attempts) {
        deadLettered.incrementAndGet();
        try {
            store.deadLetter(id, reason, attempts);
            LOG.error("uplink: outbox row {} moved to the dead-letter table: {}", id, reason);
        } catch (StoreException e) {
            LOG.error("uplink: cannot dead-letter outbox row {}: {}; it goes again", id, e.getMessage());
        }
    }

    private void queueDelete(long id) {
        if (pendingDeletes.isEmpty()) {
            deleteDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_DELAY_MS);
        }
        pendingDeletes.add(id);
    }

    /** How long the loop may wait before the pending deletes are due. */
    private long deleteWaitMs() {
        if (pendingDeletes.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deleteDueNanos - System.nanoTime()));
    }

    private void flushDeletesIfDue() {
        if (pendingDeletes.size() >= DELETE_BATCH
                || (!pendingDeletes.isEmpty() && System.nanoTime() - deleteDueNanos >= 0)) {
            flushDeletes();
        }
    }

    /** Deletes the acknowledged rows in one store call (one transaction in SQLite). */
    private void flushDeletes() {
        if (pendingDeletes.isEmpty()) {
            return;
        }
        try {
            store.deleteAll(List.copyOf(pendingDeletes));
            pendingDeletes.clear();
        } catch (StoreException e) {
            LOG.error("uplink: cannot delete {} acknowledged rows: {}", pendingDeletes.size(), e.getMessage());
            if (pendingDeletes.size() > 100 * DELETE_BATCH) {
                pendingDeletes.clear(); // they stay stored and go again: duplicates, not loss
            }
            deleteDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STORE_RETRY_MS);
        }
    }

    private void shutdown() {
        if (!transport.isConnected()) {
            flushDeletes();
            return;
        }
        // send what the pipeline's last commit stored (the part-filled record, the last batch) and let
        // the PUBACKs come back so their rows are deleted: fewer duplicates and no wait for a restart
        long half = System.nanoTime() + (stopDeadlineNanos - System.nanoTime()) / 2;
        boolean more = true;
        while ((more || !inflight.isEmpty()) && !reconnectNeeded && transport.isConnected()
                && System.nanoTime() - half < 0) {
            more = fill();
            flushDeletesIfDue();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(half - System.nanoTime()));
            awaitEvents(more ? 0 : Math.min(POLL_MS, left));
        }
        long remainingMs = Math.max(200, TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime()));
        try {
            transport.publish(stateTopic, encoder.offline(), 1, true)
                    .get(remainingMs / 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("uplink: offline state not acknowledged: {}", describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushDeletes();
        transport.disconnect(Math.max(100, remainingMs / 2));
        connected = false;
        LOG.info("uplink: disconnected from {}", server);
    }

    private static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        if (cause instanceof org.eclipse.paho.client.mqttv3.MqttException && cause.getCause() != null
                && cause.getCause() != cause) {
            return message + ": " + describe(cause.getCause()); // Paho's own text alone says little
        }
        return message;
    }

    private sealed interface Event permits Acked, Failed, Lost, Proven, Wake {
    }

    /** The birth of connection {@code generation} was acknowledged. */
    private record Proven(long generation) implements Event {
    }

    private record Acked(long generation, long id) implements Event {
    }

    private record Failed(long generation, long id, Throwable error) implements Event {
    }

    private record Lost(Throwable cause) implements Event {
    }

    private record Inflight(Lane lane, long sentAtNanos, CompletableFuture<Void> future) {
    }

    private enum Wake implements Event {
        INSTANCE
    }
}
