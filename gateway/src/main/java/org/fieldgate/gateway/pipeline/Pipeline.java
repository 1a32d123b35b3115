package org.fieldgate.gateway.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.aqi.AqiChannels;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.WaveformUplink;
import org.fieldgate.gateway.contract.AlertPayloadReader;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.mseed.MiniSeedCodes;
import org.fieldgate.gateway.mseed.MiniSeedStream;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.Rule;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.AlarmState;
import org.fieldgate.gateway.store.GroupCommit;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.PendingAppend;
import org.fieldgate.gateway.store.StagedFragment;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredAlarm;
import org.fieldgate.gateway.store.UnstoredAlert;
import org.fieldgate.gateway.store.UnstoredAlerts;
import org.fieldgate.gateway.supervision.Pulse;
import org.fieldgate.gateway.supervision.TickGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what drivers deliver into outbox messages and alert events.
 *
 * <ul>
 *   <li>Every second (the flusher thread, started by {@link #start()}) one transaction commits all
 *       that arrived: the messages completed since the last one, and, as staged fragments, what is
 *       still being assembled (the readings of the open batch, the waveform second being filled, the
 *       filling miniSEED record, the samples of a recording event window). So every reading is on disk
 *       within about a second of arriving; a crash loses nothing older, and after a restart the
 *       staged fragments become messages ({@link #recoverStaged}). {@link #close()} commits
 *       everything, so a clean stop leaves nothing staged.</li>
 *   <li>Scalar readings of a sensor become one telemetry message per sensor per batch interval
 *       ({@code pipeline.batch}), built in the transaction that deletes their staged fragments.</li>
 *   <li>Waveform blocks go first through the earthquake triggers ({@code sta_lta}: their alerts take
 *       the path below at once), then into the event windows ({@code event/{rule}}, alert lane), then
 *       to the uplink as the sensor's {@code waveform:} says: one-second packets, miniSEED records,
 *       or per-minute summaries in its batch (docs/seismic.md).</li>
 *   <li>Every scalar reading goes to the rules at once, on the driver's thread, in reading order per
 *       sensor. An alert event is committed at once on {@link Lane#ALERT} as two rows sharing one
 *       seq: {@code alert/{rule}} and the retained {@code alarm/{rule}}.</li>
 *   <li>A sensor with {@code aqi:} gets hourly derived readings (NowCast, indices; docs/aqi.md) when a
 *       reading of the next hour arrives or a flush passes the hour; they go into its batch and
 *       through the rules like any reading.</li>
 *   <li>After every commit the {@code outboxChanged} hook runs, so the uplink wakes at once.</li>
 * </ul>
 *
 * <p>When the store fails, the rules keep running and the alarm state stays right; telemetry waits
 * in memory (bounded, oldest dropped first) and alerts are retried in order at the next tick; the
 * first commit that works again restates everything open ({@link GroupCommit#restage()}).
 * Meanwhile each alert takes a seq without the database ({@link OutboxStore#reserveSeq}) and is
 * handed to the uplink from memory ({@link #unstoredAlerts()}); when the store writes again it is
 * stored under that seq, its rows only if the broker has not acknowledged it yet.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    static final Duration DEFAULT_BATCH = Duration.ofSeconds(10);
    /** The durability window: one group commit per tick (shorter only when the batch is). */
    static final Duration TICK = Duration.ofSeconds(1);
    /**
     * Ticks fall this long after each UTC second (when the tick is a whole second): by then the
     * waveform second that ended has arrived and is committed whole, and the one being filled has
     * only a fraction of a second to stage, which fits in one small page instead of spilling onto
     * overflow pages (docs/storage.md, disk writes).
     */
    static final long TICK_PHASE_MS = 250;
    /** Completed telemetry messages one sensor may keep in memory while the store fails (10 min of seconds). */
    static final int MAX_READY_TELEMETRY = 600;
    /** Scalar readings one sensor may keep in memory while the store fails (about 0.5 MB). */
    static final int MAX_PENDING_READINGS = 10_000;
    /** Alerts kept in memory while the store fails. */
    static final int MAX_PENDING_ALERTS = 1_000;
    /** Event window parts kept in memory while the store fails (about 3 MB). */
    static final int MAX_PENDING_WINDOW_PARTS = 100;
    /** A telemetry message carries at most this many readings; a bigger batch is split. */
    static final int MAX_READINGS_PER_MESSAGE = 1_000;

    private final Topics topics;
    private final MessageEncoder encoder;
    private final RuleEngine rules;
    private final OutboxStore store;
    private final Duration batch;
    private final Clock clock;
    private final Runnable outboxChanged;
    private final PmPairs pmPairs;
    private final ClockQuality clockQuality;
    private final AqiChannels aqi;
    private final WaveformPlan waveforms;

    private final Map<String, SensorBuffer> sensors = new ConcurrentHashMap<>();
    private final Map<String, AlarmSnapshot> alarms = new ConcurrentHashMap<>();
    private final List<String> ruleOrder;
    private final Object flushLock = new Object();
    /** Held from a rule step to the queueing of its events; see {@link #queue}. */
    private final Object ruleLock = new Object();
    private final ArrayDeque<PendingAlert> pendingAlerts = new ArrayDeque<>(); // guarded by itself
    private final UnstoredQueue unstored = new UnstoredQueue();
    /** After a failed commit: the next one deletes all staged fragments and stages all that is open. */
    private boolean restage = true; // guarded by flushLock; the first commit also clears a previous run's
    /** Messages rebuilt from a previous run's staged fragments, committed with the first tick. */
    private final List<PendingAppend> recovered = new ArrayList<>(); // guarded by flushLock
    private long nextBatchNanos; // guarded by flushLock
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService flusher;

    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong waveformPackets = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failuresInARow = new AtomicLong();
    private volatile long lastFlushNanos = System.nanoTime();

    /**
     * The pipeline of a gateway config: gateway id, topic root ({@code uplink.mqtt.topic_root},
     * default {@code ews}), batch interval ({@code pipeline.batch}, default 10 s) and rules.
     *
     * @param outboxChanged runs after every commit (on the committing thread); must be quick
     */
    public Pipeline(FieldgateConfig config, OutboxStore store, Clock clock, ClockQuality clockQuality,
                    Runnable outboxChanged) {
        this(new Topics(config.uplink().mqtt().topicRoot(), config.gateway().id()), new MessageEncoder(config.gateway().id()),
                new RuleEngine(config.rules()), store,
                config.pipeline() == null || config.pipeline().batch() == null ? DEFAULT_BATCH : config.pipeline().batch(),
                clock, outboxChanged, PmPairs.of(config.sensors()), clockQuality, aqiChannels(config),
                WaveformPlan.of(config));
    }

    private static AqiChannels aqiChannels(FieldgateConfig config) {
        Map<String, List<org.fieldgate.gateway.aqi.AqiTable>> tables = new HashMap<>();
        Map<String, List<org.fieldgate.drivers.ChannelSpec>> channels = new HashMap<>();
        for (org.fieldgate.gateway.config.SensorConfig s : config.sensors()) {
            tables.put(s.id(), s.aqi());
            channels.put(s.id(), s.channels());
        }
        return AqiChannels.of(tables, channels);
    }

    /** The same, from its parts, without paired sensors. */
    public Pipeline(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store, Duration batch,
                    Clock clock, Runnable outboxChanged) {
        this(topics, encoder, rules, store, batch, clock, outboxChanged, PmPairs.none(), ClockQuality.TRUSTED);
    }

    Pipeline(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store, Duration batch,
             Clock clock, Runnable outboxChanged, PmPairs pmPairs, ClockQuality clockQuality) {
        this(topics, encoder, rules, store, batch, clock, outboxChanged, pmPairs, clockQuality, AqiChannels.none());
    }

    Pipeline(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store, Duration batch,
             Clock clock, Runnable outboxChanged, PmPairs pmPairs, ClockQuality clockQuality, AqiChannels aqi) {
        this(topics, encoder, rules, store, batch, clock, outboxChanged, pmPairs, clockQuality, aqi, WaveformPlan.none());
    }

    Pipeline(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store, Duration batch,
             Clock clock, Runnable outboxChanged, PmPairs pmPairs, ClockQuality clockQuality, AqiChannels aqi,
             WaveformPlan waveforms) {
        this.waveforms = Objects.requireNonNull(waveforms, "waveforms");
        this.aqi = Objects.requireNonNull(aqi, "aqi");
        this.pmPairs = Objects.requireNonNull(pmPairs, "pmPairs");
        this.clockQuality = Objects.requireNonNull(clockQuality, "clockQuality");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
        this.batch = Objects.requireNonNull(batch, "batch");
        if (batch.isNegative() || batch.isZero()) {
            throw new IllegalArgumentException("batch interval must be positive, got " + batch);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outboxChanged = Objects.requireNonNull(outboxChanged, "outboxChanged");
        List<String> ids = new ArrayList<>();
        for (Rule r : rules.rules()) {
            ids.add(r.id());
            alarms.put(r.id(), AlarmSnapshot.quiet(r.id()));
        }
        this.ruleOrder = List.copyOf(ids);
        restoreAlarms();
        recoverStaged();
        this.nextBatchNanos = System.nanoTime() + batch.toNanos();
    }

    /**
     * Puts each rule back into the alarm state the store recorded (no second {@code raised} for a
     * condition that is still true), and queues the empty retained {@code alarm/{rule}} of rules that
     * left the config. Without readable state, rules start quiet (loud in the log).
     */
    private void restoreAlarms() {
        List<StoredAlarm> stored;
        try {
            stored = store.alarmStates();
        } catch (StoreException e) {
            log.error("could not read the alarm states; rules start without alarms: {}", e.getMessage());
            return;
        }
        Map<String, Rule> byId = new HashMap<>();
        for (Rule r : rules.rules()) {
            byId.put(r.id(), r);
        }
        for (StoredAlarm s : stored) {
            AlarmState state = s.state();
            Rule rule = byId.get(state.rule());
            if (rule == null) {
                log.info("rule {} is no longer configured: clearing its retained alarm", state.rule());
                synchronized (pendingAlerts) {
                    pendingAlerts.addLast(new PendingAlert(state.rule(), "removal", null, null, clock.millis()));
                }
                continue;
            }
            if (state.active()) {
                rule.restore(state.severity(), state.since());
                if (rule.severity() != state.severity()) {
                    log.warn("rule {}: recorded level {} no longer exists; the rule starts without alarm",
                            state.rule(), state.level());
                    continue;
                }
                log.info("rule {}: alarm {} (severity {}) active since {} restored{}", state.rule(), state.level(),
                        state.severity(), state.since(), state.acknowledgedBy() == null ? ""
                                : ", acknowledged by " + state.acknowledgedBy());
            }
            alarms.put(state.rule(), state.active() ? AlarmSnapshot.restored(state, lastEvent(s))
                    : AlarmSnapshot.quiet(state.rule()));
        }
    }

    /**
     * The alert event a stored alarm payload describes (for the status API after a restart); an
     * acknowledgement payload lacks the input fields, so the state's own fields fill in.
     */
    private static AlertEvent lastEvent(StoredAlarm s) {
        AlarmState st = s.state();
        return AlertPayloadReader.read(s.payload(),
                new AlertEvent(st.rule(), "raised", st.level(), st.severity(), null, null, 0, 0, st.since()));
    }

    /** Starts the flusher thread: a group commit every {@link #TICK} (or batch interval, when shorter). */
    public void start() {
        start(Pulse.NONE);
    }

    /**
     * Starts the flusher thread {@code pipeline-flush}, which reports every tick to {@code pulse}: a
     * tick that throws anything is logged and the next one tries again (an exception escaping a
     * scheduled task would cancel it for good); the supervisor judges a flusher that keeps failing.
     */
    public synchronized void start(Pulse pulse) {
        if (flusher != null || closed.get()) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-flush");
            t.setDaemon(true);
            return t;
        });
        scheduleTick(flusher, Math.min(batch.toMillis(), TICK.toMillis()), new TickGuard("pipeline-flush", () -> {
            tick();
            commitTick(false);
        }, pulse));
    }

    /**
     * The next tick at the next {@code k * ms + TICK_PHASE_MS} of the wall clock: never more than
     * {@code ms} after the last (a fixed delay would add each commit's own duration to the window).
     */
    private void scheduleTick(ScheduledExecutorService on, long ms, TickGuard guarded) {
        long now = System.currentTimeMillis();
        long phase = TICK_PHASE_MS % ms;
        long delay = Math.floorMod(phase - now, ms);
        try {
            on.schedule(() -> {
                try {
                    guarded.run(); // catches everything: the schedule never dies
                } finally {
                    if (!closed.get()) {
                        scheduleTick(on, ms, guarded);
                    }
                }
            }, delay == 0 ? ms : delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the flusher was shut down: the pipeline is closing
        }
    }

    /** Where the driver of {@code sensorId} delivers; thread-safe. */
    public ReadingSink forSensor(String sensorId) {
        SensorBuffer buffer = buffer(Objects.requireNonNull(sensorId, "sensorId"));
        return new ReadingSink() {
            @Override
            public void readings(List<Reading> list) {
                onReadings(buffer, list);
            }

            @Override
            public void waveform(WaveformPacket packet) {
                onWaveform(buffer, packet);
            }
        };
    }

    /**
     * Commits every waiting scalar batch (one message per sensor), what waveforms completed, and
     * retries alerts that could not be stored before. Called by {@link #close()}; callable any time.
     */
    public void flush() {
        commitTick(true);
    }

    /**
     * One group commit: completed messages, scalar batches when their interval is over (or
     * {@code closeBatches}), the staged fragments of all that is still open, and the deletion of
     * the fragments the messages now carry, in one transaction. The flusher calls it every tick.
     */
    void commitTick(boolean closeBatches) {
        synchronized (flushLock) {
            lastFlushNanos = System.nanoTime();
            drainAlerts();
            if (!closeBatches && System.nanoTime() - nextBatchNanos >= 0) {
                closeBatches = true;
            }
            if (closeBatches) {
                nextBatchNanos = System.nanoTime() + batch.toNanos();
            }
            long now = clock.millis();
            boolean all = restage;
            List<Collected> parts = new ArrayList<>(sensors.size());
            for (SensorBuffer b : sensors.values()) {
                synchronized (b) { // the sensor's lock also guards its AQI accumulator and waveform state
                    handle(b, aqi.due(b.sensor, now), now); // hours the clock has passed: derived AQI readings
                    parts.add(b.collect(now, closeBatches, closed.get(), all));
                }
            }
            List<PendingAppend> appends = new ArrayList<>(recovered);
            List<String> closedStreams = new ArrayList<>();
            List<StagedFragment> staged = new ArrayList<>();
            for (Collected c : parts) {
                for (Outgoing m : c.messages()) {
                    appends.add(new PendingAppend(m.lane(), seq -> List.of(new OutgoingMessage(m.topic(), false,
                            m.payload().apply(seq)))));
                }
                closedStreams.addAll(c.closed());
                staged.addAll(c.fragments());
            }
            GroupCommit tick = new GroupCommit(all, closedStreams, appends, staged);
            if (tick.isEmpty()) {
                return;
            }
            try {
                long[] seqs = store.commit(tick);
                restage = false;
                recovered.clear();
                int stored = 0;
                for (long seq : seqs) {
                    if (seq == 0) {
                        dropped.incrementAndGet(); // telemetry refused: the budget is full of alerts
                    } else {
                        stored++;
                    }
                }
                committed(stored);
            } catch (StoreException e) {
                storeFailed("the last second's readings and messages", e);
                keepForNextTick(parts);
            } catch (RuntimeException | Error e) {
                // a bug, not the disk: the transaction was rolled back, so keep what it held for the
                // next tick (the flusher's guard logs and reports the failure)
                keepForNextTick(parts);
                throw e;
            }
        }
    }

    /** After a commit that failed: its parts go back to their buffers, and the next commit restages all. */
    private void keepForNextTick(List<Collected> parts) {
        restage = true;
        for (Collected c : parts) {
            c.buffer().putBack(c);
        }
    }

    /**
     * Lets the rules see the time pass ({@code silent} rules raise here); the flusher calls this every
     * batch interval with the pipeline's clock.
     */
    public void tick() {
        if (closed.get()) {
            return;
        }
        List<AlertEvent> events;
        synchronized (ruleLock) {
            events = rules.tick(clock.millis());
            queue(events);
        }
        alerted(events);
    }

    /** Per sensor, what was last seen; sorted by sensor id. */
    public Map<String, SensorSnapshot> sensors() {
        Map<String, SensorSnapshot> out = new TreeMap<>();
        for (SensorBuffer b : sensors.values()) {
            out.put(b.sensor, b.snapshot());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Per rule (in config order), the current alarm. */
    public Map<String, AlarmSnapshot> alarms() {
        Map<String, AlarmSnapshot> out = new LinkedHashMap<>();
        for (String id : ruleOrder) {
            out.put(id, alarms.get(id));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * True while the pipeline runs: started, not closed, and its flusher has run within three batch
     * intervals (what {@code /healthz} reports).
     */
    public boolean alive() {
        ScheduledExecutorService f;
        synchronized (this) {
            f = flusher;
        }
        long allowed = Math.max(batch.toNanos() * 3, TimeUnit.SECONDS.toNanos(30));
        return !closed.get() && f != null && !f.isShutdown() && System.nanoTime() - lastFlushNanos < allowed;
    }

    public PipelineCounters counters() {
        return new PipelineCounters(readings.get(), waveformPackets.get(), appended.get(), alertCount.get(),
                storeFailures.get(), dropped.get());
    }

    /**
     * Stops the flusher and commits what is still waiting. Close the drivers first, the store after.
     * Readings delivered after this are ignored. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService f;
        synchronized (this) {
            f = flusher;
        }
        if (f != null) {
            f.shutdown();
            try {
                if (!f.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("pipeline flusher did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        synchronized (pendingAlerts) {
            if (!pendingAlerts.isEmpty()) {
                log.error("pipeline closed with {} alert event(s) that could not be stored", pendingAlerts.size());
            }
        }
    }

    // ---- delivery ----------------------------------------------------------------------------

    private void onReadings(SensorBuffer b, List<Reading> delivered) {
        if (closed.get() || delivered.isEmpty()) {
            return;
        }
        // quality is final before rules and the store see a reading: first the clock, then the pair check
        List<Reading> list = pmPairs.check(b.sensor, clockQuality.knownGood() ? delivered : unsynced(delivered));
        handle(b, list, clock.millis());
    }

    /**
     * Under the sensor's lock, its readings (with the derived AQI readings they complete) reach the
     * rules and the batch in delivery order.
     */
    private void handle(SensorBuffer b, List<Reading> list, long now) {
        if (list.isEmpty()) {
            return;
        }
        synchronized (b) {
            for (Reading r : aqi.withDerived(b.sensor, list)) {
                readings.incrementAndGet();
                b.add(r, now);
                List<AlertEvent> events;
                synchronized (ruleLock) {
                    events = rules.evaluate(b.sensor, r);
                    queue(events);
                }
                alerted(events);
            }
        }
    }

    private static List<Reading> unsynced(List<Reading> delivered) {
        List<Reading> marked = new ArrayList<>(delivered.size());
        for (Reading r : delivered) {
            marked.add(r.quality() == Quality.OK ? r.withQuality(Quality.UNSYNCED) : r);
        }
        return marked;
    }

    /**
     * A block of a waveform: first the earthquake triggers (an alert leaves with the block holding its
     * triggering sample), then the event windows, then the uplink as the sensor's {@code waveform:}
     * settings say. What completes waits for the next tick's commit.
     */
    private void onWaveform(SensorBuffer b, WaveformPacket packet) {
        if (closed.get() || packet.length() == 0) {
            return;
        }
        Quality q = clockQuality.knownGood() ? Quality.OK : Quality.UNSYNCED;
        waveformPackets.incrementAndGet();
        synchronized (b) {
            long now = clock.millis();
            b.sawWaveform(packet, now);
            List<AlertEvent> events;
            synchronized (ruleLock) {
                events = rules.waveform(b.sensor, packet);
                queue(events);
            }
            for (AlertEvent e : events) {
                b.windows().onAlert(e);
            }
            alerted(events);
            b.enqueue(b.waveformOut(packet, q, now));
        }
    }

    /**
     * A message of a waveform sensor or a closing batch waiting for its seq; {@code stream} names the
     * staged fragments it carries (deleted when it is committed), or is null.
     */
    private record Outgoing(Lane lane, String topic, LongFunction<byte[]> payload, String stream) {
    }

    /** What one sensor gives one commit, and takes back when the commit fails. */
    private record Collected(SensorBuffer buffer, List<Outgoing> messages, List<Outgoing> ready,
                             List<Reading> readings, List<StagedFragment> fragments, List<String> closed) {
    }

    /** miniSEED records as one message: concatenated, each with the message's seq (mod 10^6) as its sequence number. */
    private static LongFunction<byte[]> miniSeedPayload(List<byte[]> records) {
        return seq -> {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (byte[] r : records) {
                byte[] copy = r.clone();
                MiniSeedStream.setSequenceNumber(copy, seq);
                bytes.writeBytes(copy);
            }
            return bytes.toByteArray();
        };
    }

    /** A window as its parts, one message each on the alert lane. */
    private void windowParts(String sensor, EventWindows.Window w, Quality q, List<Outgoing> out) {
        List<WaveformPacket> parts = w.parts(EventWindows.MAX_VALUES_PER_PART);
        String stream = windowStream(sensor, w.rule(), w.onset());
        for (int i = 0; i < parts.size(); i++) {
            WaveformPacket part = parts.get(i);
            int number = i + 1;
            out.add(new Outgoing(Lane.ALERT, topics.event(w.rule()), seq -> encoder.eventWindow(seq, w.rule(),
                    sensor, w.onset(), w.later(), w.end(), w.truncated(), number, parts.size(), part, q), stream));
        }
    }

    /**
     * Turns the fragments a previous run left staged (it stopped without committing them: a crash,
     * a power cut) into messages, committed with the first tick: the readings of its open batches,
     * its unfinished waveform seconds, its partial miniSEED records, and its recording event
     * windows (sent as truncated windows). The first tick deletes the fragments in the same
     * transaction.
     */
    private void recoverStaged() {
        List<StagedFragment> left;
        try {
            left = store.staged();
        } catch (StoreException e) {
            log.error("could not read the readings staged before the last stop; they are lost: {}", e.getMessage());
            return;
        }
        if (left.isEmpty()) {
            return;
        }
        Map<String, List<byte[]>> byStream = new LinkedHashMap<>();
        for (StagedFragment f : left) {
            byStream.computeIfAbsent(f.stream(), k -> new ArrayList<>()).add(f.data());
        }
        for (Map.Entry<String, List<byte[]>> e : byStream.entrySet()) {
            try {
                List<Outgoing> out = recover(e.getKey(), e.getValue());
                for (Outgoing m : out) {
                    recovered.add(new PendingAppend(m.lane(), seq -> List.of(new OutgoingMessage(m.topic(), false,
                            m.payload().apply(seq)))));
                }
            } catch (IllegalArgumentException ex) {
                log.error("staged fragments of {} are unreadable and left out: {}", e.getKey(), ex.getMessage());
            }
        }
        log.warn("the last run stopped with {} staged fragment(s) of {} stream(s): recovered as {} message(s)",
                left.size(), byStream.size(), recovered.size());
    }

    /** The messages of one stream's staged fragments. */
    private List<Outgoing> recover(String stream, List<byte[]> fragments) {
        String[] key = stream.split("/", -1);
        if (key.length < 2) {
            throw new IllegalArgumentException("unknown stream " + stream);
        }
        String sensor = key[1];
        List<Outgoing> out = new ArrayList<>();
        switch (key[0]) {
            case "readings" -> {
                List<Reading> all = new ArrayList<>();
                for (byte[] f : fragments) {
                    all.addAll(StagedFragments.readReadings(f));
                }
                for (int from = 0; from < all.size(); from += MAX_READINGS_PER_MESSAGE) {
                    List<Reading> part = all.subList(from, Math.min(all.size(), from + MAX_READINGS_PER_MESSAGE));
                    out.add(new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor),
                            seq -> encoder.telemetry(seq, sensor, part), null));
                }
            }
            case "second" -> {
                for (StagedFragments.Samples run : runs(fragments)) {
                    out.add(new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor),
                            seq -> encoder.waveform(seq, sensor, run.packet(), run.quality()), null));
                }
            }
            case "mseed" -> {
                List<byte[]> records = new ArrayList<>();
                for (byte[] f : fragments) {
                    records.addAll(StagedFragments.readRecords(f));
                }
                if (!records.isEmpty()) {
                    out.add(new Outgoing(Lane.TELEMETRY, topics.mseed(sensor), miniSeedPayload(records), null));
                }
            }
            case "window" -> {
                if (key.length != 4) {
                    throw new IllegalArgumentException("unknown stream " + stream);
                }
                long onset = Long.parseLong(key[3]);
                for (StagedFragments.Samples run : runs(fragments)) {
                    EventWindows.Window w = new EventWindows.Window(key[2], sensor, onset, List.of(), 0, true,
                            run.packet());
                    windowParts(sensor, w, run.quality(), out);
                }
            }
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        }
        return out;
    }

    /** Staged waveform stretches joined into contiguous runs. */
    private static List<StagedFragments.Samples> runs(List<byte[]> fragments) {
        List<StagedFragments.Samples> out = new ArrayList<>();
        SampleBlock block = new SampleBlock();
        Quality q = Quality.OK;
        for (byte[] f : fragments) {
            StagedFragments.Samples s = StagedFragments.readSamples(f);
            if (!block.isEmpty() && !block.continuedBy(s.packet())) {
                out.add(new StagedFragments.Samples(block.take(), q));
            }
            block.append(s.packet(), 0, s.packet().length());
            q = s.quality();
        }
        if (!block.isEmpty()) {
            out.add(new StagedFragments.Samples(block.take(), q));
        }
        return out;
    }

    static String readingsStream(String sensor) {
        return "readings/" + sensor;
    }

    static String secondStream(String sensor) {
        return "second/" + sensor;
    }

    static String mseedStream(String sensor) {
        return "mseed/" + sensor;
    }

    static String windowStream(String sensor, String rule, long onset) {
        return "window/" + sensor + "/" + rule + "/" + onset;
    }

    /**
     * Acknowledges the active alarm of {@code rule}: local outputs may go quiet, the alarm stays active
     * until its condition clears. Persisted, logged, and published on the alert lane as
     * {@code {"state":"acknowledged","by":…}} on {@code alert/{rule}} and the retained
     * {@code alarm/{rule}}. Acknowledging an acknowledged alarm again records the new person.
     *
     * @param by who acknowledged (e.g. {@code button}, a user name); shown in the log and the payload
     * @return false when the rule does not exist or has no active alarm
     */
    public boolean acknowledge(String rule, String by) {
        Objects.requireNonNull(by, "by");
        if (closed.get()) {
            return false;
        }
        long at = clock.millis();
        AlarmSnapshot a;
        // state change and queueing under one lock: the store sees the states in the order they happened
        synchronized (pendingAlerts) {
            AlarmSnapshot before = alarms.get(rule);
            if (before == null || !before.active()) {
                return false;
            }
            a = before.acknowledge(by, at);
            alarms.put(rule, a);
            enqueue(new PendingAlert(rule, "acknowledgement", seq -> encoder.acknowledged(seq, rule, a.level(),
                    a.severity(), a.lastEvent(), by, at), a.state(), at));
        }
        log.info("alarm {} (level {}) acknowledged by {}", rule, a.level(), by);
        drainAlerts();
        return true;
    }

    /**
     * Takes the alarm states the events leave and queues them for the store. Callers hold
     * {@link #ruleLock} from the rule step that made the events to here, so a rule fed from two
     * threads (a silent rule's tick and a reading, an earthquake trigger's tick and a block) has its
     * events stored in the order it made them.
     */
    private void queue(List<AlertEvent> events) {
        for (AlertEvent e : events) {
            alertCount.incrementAndGet();
            synchronized (pendingAlerts) { // see acknowledge
                AlarmSnapshot after = AlarmSnapshot.after(alarms.get(e.rule()), e);
                alarms.put(e.rule(), after);
                enqueue(new PendingAlert(e.rule(), e.state(), seq -> encoder.alert(seq, e), after.state(),
                        clock.millis()));
            }
        }
    }

    /** Logs queued events and commits them (outside {@link #ruleLock}: a store write takes milliseconds). */
    private void alerted(List<AlertEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (AlertEvent e : events) {
            log.info("alert {} {} level {} (severity {}) on {}.{} = {} (threshold {})", e.rule(), e.state(),
                    e.level(), e.severity(), e.sensor(), e.channel(), e.value(), e.threshold());
        }
        drainAlerts();
    }

    private void enqueue(PendingAlert p) {
        synchronized (pendingAlerts) {
            if (pendingAlerts.size() >= MAX_PENDING_ALERTS) {
                PendingAlert gone = pendingAlerts.pollFirst();
                if (gone.unstored != null) {
                    unstored.remove(gone.unstored.seq());
                }
                dropped.incrementAndGet();
                log.error("dropped the oldest unstored alert event: {} waiting", MAX_PENDING_ALERTS);
            }
            pendingAlerts.addLast(p);
        }
    }

    /**
     * An alert-lane commit waiting its turn: {@code payload} builds the alert for its seq and
     * {@code state} is the alarm state it leaves; both null for the removal of a rule's retained alarm.
     * {@code unstored} is set once it was handed to the uplink from memory under a seq of its own.
     */
    private static final class PendingAlert {
        final String rule;
        final String what;
        final LongFunction<byte[]> payload;
        final AlarmState state;
        final long at;
        UnstoredAlert unstored;

        PendingAlert(String rule, String what, LongFunction<byte[]> payload, AlarmState state, long at) {
            this.rule = rule;
            this.what = what;
            this.payload = payload;
            this.state = state;
            this.at = at;
        }
    }

    /**
     * The alerts the uplink publishes from memory (QoS 1, before anything from the store) while the
     * store cannot write them.
     */
    public UnstoredAlerts unstoredAlerts() {
        return unstored;
    }

    /** Alert events kept in memory because the store could not write them (published or waiting). */
    public int alertsInMemory() {
        synchronized (pendingAlerts) {
            return pendingAlerts.size();
        }
    }

    /**
     * Commits waiting alert events in order; at the first failure the rest stay for the next try, and
     * each that has no seq yet takes one without the database and goes to the uplink from memory.
     */
    private void drainAlerts() {
        boolean handedOver = false;
        synchronized (pendingAlerts) {
            boolean storing = true;
            for (Iterator<PendingAlert> it = pendingAlerts.iterator(); it.hasNext(); ) {
                PendingAlert pending = it.next();
                if (storing) {
                    try {
                        store(pending);
                        it.remove();
                        continue;
                    } catch (StoreException ex) {
                        storeFailed("alert " + pending.rule + " " + pending.what, ex);
                        storing = false;
                    }
                }
                if (pending.unstored == null) {
                    try {
                        pending.unstored = unstoredCopy(pending, store.reserveSeq());
                    } catch (StoreException ex) {
                        log.error("alert {} {} can neither be stored nor take a seq: it waits in memory ({})",
                                pending.rule, pending.what, ex.getMessage());
                        break; // later ones wait behind it, in order
                    }
                    unstored.add(pending.unstored);
                    handedOver = true;
                    log.warn("alert {} {} goes from memory as seq {}: the store cannot write", pending.rule,
                            pending.what, pending.unstored.seq());
                }
            }
        }
        if (handedOver) {
            wakeUplink();
        }
    }

    /** One pending alert into the store: a fresh append, or the memory copy under its own seq. */
    private void store(PendingAlert pending) throws StoreException {
        if (pending.unstored != null) {
            long seq = pending.unstored.seq();
            store.storeUnstored(pending.unstored, unstored.isAcknowledged(seq));
            unstored.remove(seq);
            committed(1);
        } else if (pending.state == null) {
            store.removeAlarm(pending.rule, seq -> List.of(
                    new OutgoingMessage(topics.alarm(pending.rule), true, new byte[0])));
            committed(1);
        } else {
            store.appendAlarm(seq -> {
                byte[] payload = pending.payload.apply(seq);
                return List.of(new OutgoingMessage(topics.alert(pending.rule), false, payload),
                        new OutgoingMessage(topics.alarm(pending.rule), true, payload));
            }, pending.state);
            committed(1);
        }
    }

    private UnstoredAlert unstoredCopy(PendingAlert pending, long seq) {
        if (pending.state == null) {
            return new UnstoredAlert(seq, pending.rule,
                    List.of(new OutgoingMessage(topics.alarm(pending.rule), true, new byte[0])), null, pending.at);
        }
        byte[] payload = pending.payload.apply(seq);
        return new UnstoredAlert(seq, pending.rule, List.of(new OutgoingMessage(topics.alert(pending.rule), false,
                payload), new OutgoingMessage(topics.alarm(pending.rule), true, payload)), pending.state, pending.at);
    }

    /** Counters, the log and the outbox-changed hook after {@code messages} were committed. */
    private void committed(int messages) {
        appended.addAndGet(messages);
        long failed = failuresInARow.getAndSet(0);
        if (failed > 0) {
            log.info("outbox writes work again after {} failure(s)", failed);
        }
        if (messages == 0) {
            return;
        }
        wakeUplink();
    }

    private void wakeUplink() {
        try {
            outboxChanged.run();
        } catch (RuntimeException e) {
            log.warn("outbox-changed hook failed: {}", e.toString());
        }
    }

    /** Loud on the first failure in a row, then every 100th, so a dead disk does not flood the log. */
    private void storeFailed(String what, StoreException e) {
        storeFailures.incrementAndGet();
        long n = failuresInARow.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            log.error("could not store {} ({} failure(s) in a row; rules keep running): {}", what, n, e.getMessage());
        }
    }

    private SensorBuffer buffer(String sensor) {
        return sensors.computeIfAbsent(sensor, SensorBuffer::new);
    }

    /** One sensor's waiting readings and last-seen values. Guarded by its own monitor. */
    private final class SensorBuffer {
        final String sensor;
        private List<Reading> pending = new ArrayList<>();
        /** The first this many of {@link #pending} are staged on disk. */
        private int stagedReadings;
        /** Completed messages waiting for the next commit, in order. */
        private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
        private int readyWindowParts;
        /** The miniSEED stream took samples since its partial records were last staged. */
        private boolean miniSeedChanged;
        private final Map<String, Reading> last = new HashMap<>();
        private Map<String, Double> peaks = Map.of();
        private long lastReadingTime;
        private long receivedAt;

        private final WaveformUplink uplink;
        private SecondPackets seconds;
        private MiniSeedStream miniSeed;
        private WaveformSummary summary;
        private EventWindows windows;

        SensorBuffer(String sensor) {
            this.sensor = sensor;
            this.uplink = waveforms.uplink(sensor);
        }

        synchronized EventWindows windows() {
            if (windows == null) {
                windows = waveforms.windows(sensor);
            }
            return windows;
        }

        /** What a waveform block sends: finished event windows, then stream packets or summaries. */
        synchronized List<Outgoing> waveformOut(WaveformPacket block, Quality q, long now) {
            List<Outgoing> out = new ArrayList<>(1);
            for (EventWindows.Window w : windows().add(block)) {
                window(w, q, out);
            }
            if (uplink.send() == WaveformUplink.Send.TRIGGERED) {
                if (summary == null) {
                    summary = new WaveformSummary(uplink.summary().toMillis());
                }
                for (Reading r : summary.add(block)) {
                    readings.incrementAndGet();
                    add(q == Quality.OK ? r : r.withQuality(q), now);
                }
            } else if (uplink.format() == WaveformUplink.Format.MINISEED) {
                if (miniSeed == null) {
                    miniSeed = miniSeedStream(block);
                }
                records(miniSeed.add(block), out);
                miniSeedChanged = true;
            } else {
                if (seconds == null) {
                    seconds = new SecondPackets();
                }
                for (WaveformPacket p : seconds.add(block)) {
                    out.add(second(p, q));
                }
            }
            return out;
        }

        /** The sensor's miniSEED stream, its channel codes derived from the first block's rate and axes. */
        private MiniSeedStream miniSeedStream(WaveformPacket first) {
            WaveformUplink.MiniSeed m = uplink.miniseed();
            MiniSeedCodes codes = MiniSeedCodes.defaults(m.network(), m.station(), m.location(), first.sampleRate(),
                    first.axes().keySet());
            for (Map.Entry<String, String> c : m.channels().entrySet()) {
                codes = codes.withChannel(c.getKey(), c.getValue());
            }
            log.info("sensor {}: miniSEED {}.{}.{} channels {}, {}-byte records", sensor, codes.network(),
                    codes.station(), codes.location(), codes.channels(), m.recordLength());
            return new MiniSeedStream(codes, m.recordLength(), m.unitsPerCount(), m.maxLatency());
        }

        /**
         * Full records as one message on {@code mseed/{sensor}}: the records concatenated, each with the
         * message's seq (mod 10^6) as its sequence number, so a receiver detects gaps as with SeedLink.
         */
        private void records(List<byte[]> records, List<Outgoing> out) {
            if (records.isEmpty()) {
                return;
            }
            out.add(new Outgoing(Lane.TELEMETRY, topics.mseed(sensor), miniSeedPayload(records),
                    mseedStream(sensor)));
        }

        /** Packets, summaries and windows that waited long enough; everything when {@code all} (closing). */
        synchronized List<Outgoing> waveformDue(long now, boolean all) {
            List<Outgoing> out = new ArrayList<>(0);
            Quality q = clockQuality.knownGood() ? Quality.OK : Quality.UNSYNCED;
            if (seconds != null) {
                for (WaveformPacket p : all ? seconds.flush() : seconds.due(now)) {
                    out.add(second(p, q));
                }
            }
            if (miniSeed != null) {
                records(all ? miniSeed.flush() : miniSeed.due(now), out);
            }
            if (summary != null) {
                for (Reading r : all ? summary.flush() : summary.due(now)) {
                    readings.incrementAndGet();
                    add(q == Quality.OK ? r : r.withQuality(q), now);
                }
            }
            if (windows != null) {
                for (EventWindows.Window w : all ? windows.flush() : windows.due(now)) {
                    window(w, q, out);
                }
            }
            return out;
        }

        private Outgoing second(WaveformPacket p, Quality q) {
            return new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor), seq -> encoder.waveform(seq, sensor, p, q),
                    secondStream(sensor));
        }

        /** A window as its parts, one message each on the alert lane. */
        private void window(EventWindows.Window w, Quality q, List<Outgoing> out) {
            windowParts(sensor, w, q, out);
        }

        /** Completed messages join the queue for the next commit (bounded: the oldest of a lane go). */
        synchronized void enqueue(List<Outgoing> messages) {
            for (Outgoing m : messages) {
                ready.addLast(m);
                if (m.lane() == Lane.ALERT) {
                    readyWindowParts++;
                }
            }
            while (readyWindowParts > MAX_PENDING_WINDOW_PARTS) {
                dropOldest(Lane.ALERT, "event window part");
            }
            while (ready.size() - readyWindowParts > MAX_READY_TELEMETRY) {
                dropOldest(Lane.TELEMETRY, "waveform message");
            }
        }

        private void dropOldest(Lane lane, String what) {
            for (java.util.Iterator<Outgoing> it = ready.iterator(); it.hasNext(); ) {
                if (it.next().lane() == lane) {
                    it.remove();
                    if (lane == Lane.ALERT) {
                        readyWindowParts--;
                    }
                    long n = dropped.incrementAndGet();
                    if (n == 1 || n % 100 == 0) {
                        log.error("sensor {}: dropped the oldest unstored {} ({} dropped in all)", sensor, what, n);
                    }
                    return;
                }
            }
        }

        /**
         * Takes what the next commit carries: completed messages, the scalar batch when
         * {@code closeBatch}, and fragments of all that is open (from the start when {@code all});
         * {@code closing} completes everything.
         */
        synchronized Collected collect(long now, boolean closeBatch, boolean closing, boolean all) {
            enqueue(waveformDue(now, closing));
            Quality q = clockQuality.knownGood() ? Quality.OK : Quality.UNSYNCED;
            List<Outgoing> taken = new ArrayList<>(ready);
            ready.clear();
            readyWindowParts = 0;
            List<Outgoing> messages = new ArrayList<>(taken);
            List<String> closed = new ArrayList<>();
            for (Outgoing m : taken) {
                if (m.stream() != null && !closed.contains(m.stream())) {
                    closed.add(m.stream());
                }
            }
            List<Reading> batch = List.of();
            if (closeBatch && !pending.isEmpty()) {
                batch = take();
                for (int from = 0; from < batch.size(); from += MAX_READINGS_PER_MESSAGE) {
                    List<Reading> part = batch.subList(from, Math.min(batch.size(), from + MAX_READINGS_PER_MESSAGE));
                    messages.add(new Outgoing(Lane.TELEMETRY, topics.telemetry(sensor),
                            seq -> encoder.telemetry(seq, sensor, part), readingsStream(sensor)));
                }
                closed.add(readingsStream(sensor));
            }
            List<StagedFragment> fragments = new ArrayList<>(2);
            int from = all ? 0 : stagedReadings;
            if (pending.size() > from) {
                fragments.add(new StagedFragment(readingsStream(sensor),
                        StagedFragments.readings(pending.subList(from, pending.size()))));
                stagedReadings = pending.size();
            }
            WaveformPacket second = seconds == null ? null : seconds.unstaged(all);
            if (second != null) {
                fragments.add(new StagedFragment(secondStream(sensor), StagedFragments.samples(second, q)));
            }
            if (miniSeed != null && (miniSeedChanged || all)) {
                // the partial records are restated whole each time (they are re-packed as they fill)
                if (!closed.contains(mseedStream(sensor))) {
                    closed.add(mseedStream(sensor));
                }
                List<byte[]> partial = miniSeed.partials();
                if (!partial.isEmpty()) {
                    fragments.add(new StagedFragment(mseedStream(sensor), StagedFragments.records(partial)));
                }
                miniSeedChanged = false;
            }
            if (windows != null) {
                for (EventWindows.Stretch w : windows.unstaged(all)) {
                    fragments.add(new StagedFragment(windowStream(sensor, w.rule(), w.onset()),
                            StagedFragments.samples(w.samples(), q)));
                }
            }
            return new Collected(this, messages, taken, batch, fragments, closed);
        }

        /** After a failed commit: its messages and readings wait again, before anything newer. */
        synchronized void putBack(Collected c) {
            List<Outgoing> newer = new ArrayList<>(ready);
            ready.clear();
            readyWindowParts = 0;
            List<Outgoing> all = new ArrayList<>(c.ready());
            all.addAll(newer);
            enqueue(all);
            if (!c.readings().isEmpty()) {
                putBack(new ArrayList<>(c.readings()));
            }
            miniSeedChanged = true;
        }

        synchronized void add(Reading r, long now) {
            pending.add(r);
            if (pending.size() > MAX_PENDING_READINGS) {
                pending.remove(0);
                stagedReadings = Math.max(0, stagedReadings - 1);
                dropped.incrementAndGet();
            }
            last.put(r.channel(), r);
            lastReadingTime = Math.max(lastReadingTime, r.time());
            receivedAt = now;
        }

        synchronized void sawWaveform(WaveformPacket p, long now) {
            Map<String, Double> m = new HashMap<>();
            for (Map.Entry<String, double[]> axis : p.axes().entrySet()) {
                double peak = 0;
                for (double v : axis.getValue()) {
                    if (Double.isFinite(v)) {
                        peak = Math.max(peak, Math.abs(v));
                    }
                }
                m.put(axis.getKey(), peak);
            }
            peaks = m;
            if (p.length() > 0) {
                long end = p.t0() + Math.round((p.length() - 1) * 1000.0 / p.sampleRate());
                lastReadingTime = Math.max(lastReadingTime, end);
            }
            receivedAt = now;
        }

        synchronized List<Reading> take() {
            List<Reading> out = pending;
            pending = new ArrayList<>();
            stagedReadings = 0;
            return out;
        }

        /** Puts back a batch that could not be stored, before anything that arrived since. */
        synchronized void putBack(List<Reading> older) {
            older.addAll(pending);
            int excess = older.size() - MAX_PENDING_READINGS;
            if (excess > 0) {
                older.subList(0, excess).clear();
                dropped.addAndGet(excess);
            }
            pending = older;
            stagedReadings = 0; // the next commit restages (see restage)
        }

        synchronized SensorSnapshot snapshot() {
            return new SensorSnapshot(sensor, lastReadingTime, receivedAt, last, peaks);
        }
    }
}
