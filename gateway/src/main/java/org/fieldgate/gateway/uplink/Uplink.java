package org.fieldgate.gateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.UnstoredAlerts;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.fieldgate.gateway.supervision.RunningLoop;
import org.fieldgate.gateway.uplink.UplinkEvents.Acked;
import org.fieldgate.gateway.uplink.UplinkEvents.Event;
import org.fieldgate.gateway.uplink.UplinkEvents.Failed;
import org.fieldgate.gateway.uplink.UplinkEvents.Lost;
import org.fieldgate.gateway.uplink.UplinkEvents.Proven;
import org.fieldgate.gateway.uplink.UplinkEvents.Wake;
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
 *       health message, then one every {@code health} interval (QoS 0, {@code R/G/health});
 *       see {@link StatePublisher}.</li>
 *   <li>Drains the outbox: the {@link Lane#ALERT} lane first, re-checked before every telemetry
 *       page and between the publishes of a page when something was appended, then
 *       {@link Lane#TELEMETRY} oldest first; at most {@code maxInflight} telemetry publishes wait
 *       for PUBACK, and alerts have {@link InflightWindow#ALERT_RESERVE} slots more that telemetry
 *       never uses.</li>
 *   <li>A row is deleted only after its PUBACK; acknowledged rows are deleted in batches
 *       ({@link OutboxStore#deleteAll}, at most {@link PendingDeletes#DELETE_DELAY_MS} late or
 *       {@link PendingDeletes#DELETE_BATCH} rows).</li>
 *   <li>On connection loss everything in flight is forgotten (the rows are still stored and go
 *       again after the reconnect: duplicates, never loss).</li>
 *   <li>A link without any PUBACK for the ack timeout (default {@link InflightWindow#ACK_TIMEOUT})
 *       while something is in flight is aborted and rebuilt.</li>
 *   <li>Dead letters only for what the broker deterministically refuses (docs/uplink.md): a message
 *       whose PUBLISH packet is above the broker's known limit ({@code max_message_size}) goes to the
 *       dead-letter table at once; otherwise the oldest in-flight row when the link fails is a
 *       suspect and goes alone from then on, on a connection whose birth the broker acknowledged.
 *       When the broker drops the link right after such a lone message was fully written (within
 *       {@link RefusalJudge#REFUSAL_WINDOW_MS}, or three birth round trips),
 *       {@link RefusalJudge#MAX_REFUSALS} times in a row, it is dead-lettered
 *       and the lane flows on. Link drops with several messages in flight, cuts mid-write, PUBACK
 *       timeouts and restarts never count. Attempts and refusals are persisted
 *       ({@link OutboxStore#recordAttempts}), so a restart loop neither resets nor convicts;
 *       see {@link RefusalJudge}.</li>
 *   <li>Alerts the store could not write ({@link #sendFromMemory}) go first, before anything from
 *       the store, in order, QoS 1, again on every connection until their PUBACK.</li>
 *   <li>When idle (nothing in flight, no delete pending) the lanes are read from their start again,
 *       so rows put back by {@code fieldgate dead-letters requeue} go at the next poll.</li>
 * </ul>
 * All store calls and all transport calls happen on the uplink thread; completions come back
 * through an event queue ({@link UplinkEvents}).
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

    private final List<String> servers;
    private final MqttTransport transport;
    private final StatePublisher state;
    private final Clock clock;
    private volatile Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
            () -> ThreadLocalRandom.current().nextDouble());

    private final UplinkEvents events = new UplinkEvents();
    private volatile RunningLoop loop;
    private volatile boolean running;
    private volatile long stopDeadlineNanos;

    // status, written by the uplink thread
    private volatile boolean connected;
    private volatile String server;
    private volatile long lastConnectedAt;
    private volatile String lastError;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong ackTimeouts = new AtomicLong();

    // uplink thread only
    private long generation;
    private final InflightWindow inflight;
    private final RefusalJudge judge;
    private final PendingDeletes pendingDeletes;
    private final OutboxDrain drain;
    private boolean reconnectNeeded;
    private final Topics topics;
    private volatile MqttTransport.MessageListener commands;

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
        MessageEncoder encoder = new MessageEncoder(Objects.requireNonNull(gatewayId, "gatewayId"));
        Objects.requireNonNull(version, "version");
        this.servers = List.copyOf(mqtt.servers());
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("uplink.mqtt.servers is empty: give at least one broker URI");
        }
        Topics topics = new Topics(mqtt.topicRoot(), gatewayId);
        this.topics = topics;
        Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = transports.apply(StatePublisher.will(topics, encoder));
        this.transport.setConnectionListener(cause -> events.add(new Lost(cause)));
        this.state = new StatePublisher(transport, encoder, topics, mqtt.health(), health, version, clock.millis());
        this.inflight = new InflightWindow(mqtt.maxInflight());
        this.judge = new RefusalJudge(store, transport, mqtt.maxMessageSize());
        this.pendingDeletes = new PendingDeletes(store, STORE_RETRY_MS);
        this.drain = new OutboxDrain(store, transport, inflight, judge, pendingDeletes, events);
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
                mqtt.maxInflight() + InflightWindow.ALERT_RESERVE + TRANSPORT_RESERVE, mqtt.username(), secret,
                mqtt.tls(), will));
    }

    /** For tests: shorter backoff. Call before {@link #start()}. */
    void backoff(Duration initial, Duration max) {
        this.backoff = new Backoff(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: a shorter PUBACK timeout. Call before {@link #start()}. */
    void ackTimeout(Duration timeout) {
        inflight.ackTimeout(timeout);
    }

    /** Where alerts the store could not write wait; they go before anything stored. Call before {@link #start()}. */
    public void sendFromMemory(UnstoredAlerts source) {
        drain.sendFromMemory(source);
    }

    /**
     * Receives the messages on {@code R/G/cmd/+}: the uplink subscribes to its own command topics
     * (QoS 1) on every connection. The listener runs on the transport's thread and must not block.
     * Call before {@link #start()}.
     */
    public void onCommands(MqttTransport.MessageListener listener) {
        this.commands = listener;
    }

    /** Which config the gateway runs, for the birth. Call before {@link #start()}. */
    public void describeConfig(org.fieldgate.gateway.contract.ConfigIdentity config) {
        state.describeConfig(config);
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
        events.wake();
    }

    public UplinkStatus status() {
        long n = connects.get();
        return new UplinkStatus(connected, server, lastConnectedAt, lastError, drain.published(), acked.get(),
                inflight.count(), Math.max(0, n - 1), ackTimeouts.get(), judge.deadLettered());
    }

    /** The retained state topic {@code R/G/state}. */
    public String stateTopic() {
        return state.stateTopic();
    }

    /** The health topic {@code R/G/health}. */
    public String healthTopic() {
        return state.healthTopic();
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
            judge.load();
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
        lastError = uri + ": " + FailureText.describe(cause);
        LOG.warn("uplink: connect to {} failed: {}", uri, FailureText.describe(cause));
    }

    private void serveConnection() {
        pendingDeletes.flush(); // acknowledged rows must be gone before the cursors restart at the oldest row
        inflight.reset();
        drain.connected(generation);
        reconnectNeeded = false;
        judge.connected();
        long gen = generation;
        MqttTransport.MessageListener listener = commands;
        if (listener != null) {
            // before the birth: the broker takes a connection's packets in order, so whoever has seen
            // the birth can be sure the gateway hears its commands
            String filter = topics.cmd("+");
            transport.subscribe(filter, 1, listener).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("uplink: cannot subscribe to {}: {}; no commands on this connection", filter,
                            FailureText.describe(error));
                }
            });
        }
        state.announce(() -> events.add(new Proven(gen)));

        while (running && !reconnectNeeded) {
            if (!transport.isConnected()) {
                linkFailed("connection lost");
                break;
            }
            state.healthIfDue();
            if (ackStalled()) {
                break;
            }
            boolean more = fill();
            pendingDeletes.flushIfDue();
            long waitMs = more ? 0 : Math.min(POLL_MS, state.msToNextHealth());
            awaitEvents(Math.min(waitMs, pendingDeletes.waitMs()));
        }
        connected = false;
        if (running) {
            LOG.warn("uplink: connection to {} ended ({}); unacknowledged messages stay in the outbox and go again",
                    server, lastError);
            transport.disconnect(1_000);
        }
    }

    /** Tears down a link that stopped acknowledging ({@link InflightWindow#ackOverdue}); true if it did. */
    private boolean ackStalled() {
        if (!inflight.ackOverdue()) {
            return false;
        }
        lastError = "no PUBACK from " + server + " for " + inflight.ackTimeout().toMillis() + " ms with "
                + inflight.size() + " in flight: link torn down";
        ackTimeouts.incrementAndGet();
        LOG.warn("uplink: {}", lastError);
        reconnectNeeded = true;
        transport.abort(); // a polite DISCONNECT would only wait on the dead link
        return true;
    }

    /** {@link OutboxDrain#fill}; a store that cannot be read is tried again after {@link #STORE_RETRY_MS}. */
    private boolean fill() {
        try {
            return drain.fill();
        } catch (StoreException e) {
            lastError = "store: " + e.getMessage();
            LOG.error("uplink: cannot read the outbox: {}", e.getMessage());
            awaitEvents(STORE_RETRY_MS);
            return false;
        }
    }

    /** Waits up to {@code ms} for an event, then handles every queued event. */
    private void awaitEvents(long ms) {
        try {
            Event first = ms <= 0 ? events.poll() : events.poll(ms);
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
            awaitEvents(Math.min(pendingDeletes.waitMs(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            pendingDeletes.flushIfDue();
        }
        pendingDeletes.flush();
    }

    private void handle(Event event) {
        if (event instanceof Acked a && a.id() < 0) {
            acked.incrementAndGet();
            if (a.generation() == generation && inflight.contains(a.id())) {
                inflight.acknowledged(a.id());
                drain.memoryAlertAcknowledged(a.id());
            }
        } else if (event instanceof Acked a) {
            acked.incrementAndGet();
            if (a.generation() == generation) {
                inflight.acknowledged(a.id());
                judge.release(a.id());
            }
            judge.delivered(a.id());
            pendingDeletes.add(a.id());
        } else if (event instanceof Failed f) {
            if (f.generation() != generation || !inflight.contains(f.id())) {
                return; // from a connection we already gave up
            }
            if (f.error() instanceof IllegalArgumentException && f.id() < 0) {
                inflight.untrack(f.id());
                LOG.error("uplink: an alert from memory was refused by the MQTT client: {}", f.error().getMessage());
                return;
            }
            if (f.error() instanceof IllegalArgumentException) {
                // Paho refuses the topic (e.g. a wildcard): it can never be sent, retrying would block the lane
                inflight.untrack(f.id());
                judge.refusedByClient(f.id(), f.error().getMessage());
                return;
            }
            // the order of the lane can only be kept by a fresh session: reconnect and resend from the store
            linkFailed(FailureText.describe(f.error()));
            inflight.untrack(f.id());
        } else if (event instanceof Proven p) {
            if (p.generation() == generation) {
                judge.birthAcknowledged();
            }
        } else if (event instanceof Lost l) {
            if (!transport.isConnected()) {
                linkFailed("connection lost: " + FailureText.describe(l.cause()));
            }
        } else {
            events.woken();
        }
    }

    /**
     * The link failed while this connection was being served. The first time per connection, the
     * oldest unacknowledged row is blamed ({@link RefusalJudge#blame}); an alert from memory goes
     * again first, nothing to record.
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
        Map.Entry<Long, InflightWindow.Inflight> oldest = inflight.oldest();
        if (oldest.getKey() >= 0) {
            judge.blame(oldest.getKey(), oldest.getValue(), inflight.size(), reason);
        }
    }

    private void shutdown() {
        if (!transport.isConnected()) {
            pendingDeletes.flush();
            return;
        }
        // send what the pipeline's last commit stored (the part-filled record, the last batch) and let
        // the PUBACKs come back so their rows are deleted: fewer duplicates and no wait for a restart
        long half = System.nanoTime() + (stopDeadlineNanos - System.nanoTime()) / 2;
        boolean more = true;
        while ((more || !inflight.isEmpty()) && !reconnectNeeded && transport.isConnected()
                && System.nanoTime() - half < 0) {
            more = fill();
            pendingDeletes.flushIfDue();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(half - System.nanoTime()));
            awaitEvents(more ? 0 : Math.min(POLL_MS, left));
        }
        long remainingMs = Math.max(200, TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime()));
        state.offline(remainingMs / 2);
        pendingDeletes.flush();
        transport.disconnect(Math.max(100, remainingMs / 2));
        connected = false;
        LOG.info("uplink: disconnected from {}", server);
    }
}
