package org.fieldgate.gateway.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.aqi.AqiChannels;
import org.fieldgate.gateway.aqi.AqiTable;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.GroupCommit;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.PendingAppend;
import org.fieldgate.gateway.store.StagedFragment;
import org.fieldgate.gateway.store.StoreException;
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
 *       staged fragments become messages ({@link StagedRecovery}). {@link #close()} commits
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
 *
 * <p>Its parts, one file each: {@link SensorBuffer} (a sensor's batch and waveform being assembled),
 * {@link SensorMessages} (what a sensor's streams become), {@link Alarms} (each rule's alarm, restored
 * at start), {@link AlertQueue} (alert commits waiting for the store, and from memory while it fails),
 * {@link StagedRecovery} (what a previous run left staged) and {@link StoreOutcomes}.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

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

    private final Parts parts;
    private final RuleEngine rules;
    private final OutboxStore store;
    private final Clock clock;
    private final ClockQuality clockQuality;
    private final SensorMessages messages;
    private final RunningCounters counters = new RunningCounters();
    private final StoreOutcomes outcomes;
    private final AlertQueue alertQueue;
    private final Alarms alarms;

    private final Map<String, SensorBuffer> sensors = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    /** Held from a rule step to the queueing of its events; see {@link #queue}. */
    private final Object ruleLock = new Object();
    /** After a failed commit: the next one deletes all staged fragments and stages all that is open. */
    private boolean restage = true; // guarded by flushLock; the first commit also clears a previous run's
    /** Messages rebuilt from a previous run's staged fragments, committed with the first tick. */
    private final List<PendingAppend> recovered = new ArrayList<>(); // guarded by flushLock
    private long nextBatchNanos; // guarded by flushLock
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService flusher;

    /**
     * What a pipeline is made of. {@link #of(FieldgateConfig, OutboxStore, Clock, ClockQuality, Runnable)}
     * reads them from a gateway config; {@link #of(Topics, MessageEncoder, RuleEngine, OutboxStore, Duration,
     * Clock, Runnable)} takes them as given, without paired sensors, derived channels or waveform settings
     * and with a trusted clock (tests, benchmarks; the {@code with…} methods add the rest).
     *
     * @param batch         the batch interval of scalar telemetry; positive
     * @param outboxChanged runs after every commit (on the committing thread); must be quick
     */
    public record Parts(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store, Duration batch,
                        Clock clock, Runnable outboxChanged, PmPairs pmPairs, ClockQuality clockQuality,
                        AqiChannels aqi, WaveformPlan waveforms, QualityGates gates) {

        public Parts {
            Objects.requireNonNull(gates, "gates");
            Objects.requireNonNull(waveforms, "waveforms");
            Objects.requireNonNull(aqi, "aqi");
            Objects.requireNonNull(pmPairs, "pmPairs");
            Objects.requireNonNull(clockQuality, "clockQuality");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(batch, "batch");
            if (batch.isNegative() || batch.isZero()) {
                throw new IllegalArgumentException("batch interval must be positive, got " + batch);
            }
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(outboxChanged, "outboxChanged");
        }

        /**
         * The parts of a gateway config: gateway id, topic root ({@code uplink.mqtt.topic_root}), batch
         * interval ({@code pipeline.batch}, default 10 s), rules, PM pairs, AQI channels and waveform settings.
         */
        public static Parts of(FieldgateConfig config, OutboxStore store, Clock clock, ClockQuality clockQuality,
                               Runnable outboxChanged) {
            return new Parts(new Topics(config.uplink().mqtt().topicRoot(), config.gateway().id()),
                    new MessageEncoder(config.gateway().id()), new RuleEngine(config.rules()), store,
                    config.pipeline().batch(),
                    clock, outboxChanged, PmPairs.of(config.sensors()), clockQuality, aqiChannels(config),
                    WaveformPlan.of(config), QualityGates.of(config.sensors()));
        }

        /** The parts as given, without paired sensors, derived channels or waveform settings; a trusted clock. */
        public static Parts of(Topics topics, MessageEncoder encoder, RuleEngine rules, OutboxStore store,
                               Duration batch, Clock clock, Runnable outboxChanged) {
            return new Parts(topics, encoder, rules, store, batch, clock, outboxChanged, PmPairs.none(),
                    ClockQuality.TRUSTED, AqiChannels.none(), WaveformPlan.none(), QualityGates.none());
        }

        private static AqiChannels aqiChannels(FieldgateConfig config) {
            Map<String, List<AqiTable>> tables = new HashMap<>();
            Map<String, List<ChannelSpec>> channels = new HashMap<>();
            for (SensorConfig s : config.sensors()) {
                tables.put(s.id(), s.aqi());
                channels.put(s.id(), s.channels());
            }
            return AqiChannels.of(tables, channels);
        }

        Parts withPmPairs(PmPairs pairs) {
            return new Parts(topics, encoder, rules, store, batch, clock, outboxChanged, pairs, clockQuality, aqi,
                    waveforms, gates);
        }

        Parts withClockQuality(ClockQuality quality) {
            return new Parts(topics, encoder, rules, store, batch, clock, outboxChanged, pmPairs, quality, aqi,
                    waveforms, gates);
        }

        Parts withWaveforms(WaveformPlan plan) {
            return new Parts(topics, encoder, rules, store, batch, clock, outboxChanged, pmPairs, clockQuality, aqi,
                    plan, gates);
        }
    }

    /**
     * A pipeline of {@code parts}: puts each rule back into the alarm state the store recorded and
     * turns what a previous run left staged into messages for the first tick.
     */
    public Pipeline(Parts parts) {
        this.parts = Objects.requireNonNull(parts, "parts");
        this.rules = parts.rules();
        this.store = parts.store();
        this.clock = parts.clock();
        this.clockQuality = parts.clockQuality();
        this.messages = new SensorMessages(parts.topics(), parts.encoder());
        this.outcomes = new StoreOutcomes(counters, parts.outboxChanged());
        this.alertQueue = new AlertQueue(store, parts.topics(), outcomes, counters);
        this.alarms = new Alarms(rules, alertQueue, parts.encoder(), clock);
        alarms.restore(store, rules);
        recovered.addAll(StagedRecovery.recover(store, messages));
        this.nextBatchNanos = System.nanoTime() + parts.batch().toNanos();
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
        scheduleTick(flusher, Math.min(parts.batch().toMillis(), TICK.toMillis()), new TickGuard("pipeline-flush", () -> {
            tick();
            commitTick(false);
        }, pulse));
    }

    /**
     * The next tick at the next {@code k * ms + TICK_PHASE_MS} of the wall clock: never more than
     * {@code ms} after the last (a fixed delay would add each commit's own duration to the window).
     */
    private void scheduleTick(ScheduledExecutorService on, long ms, TickGuard guarded) {
        long delay = delayToNextTick(System.currentTimeMillis(), ms);
        try {
            on.schedule(() -> {
                try {
                    guarded.run(); // catches everything: the schedule never dies
                } finally {
                    if (!closed.get()) {
                        scheduleTick(on, ms, guarded);
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the flusher was shut down: the pipeline is closing
        }
    }

    /** Milliseconds from {@code nowMs} to the next tick at {@code k * periodMs + TICK_PHASE_MS} (never 0). */
    static long delayToNextTick(long nowMs, long periodMs) {
        long delay = Math.floorMod(TICK_PHASE_MS % periodMs - nowMs, periodMs);
        return delay == 0 ? periodMs : delay;
    }

    /** The counts of {@code sensor}'s quality gate ({@code qc_range}, …), empty without one. */
    public Map<String, Long> qualityGateCounts(String sensor) {
        return parts.gates().counts(sensor);
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

    private SensorBuffer buffer(String sensor) {
        return sensors.computeIfAbsent(sensor,
                s -> new SensorBuffer(s, parts.waveforms(), messages, clockQuality, counters));
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
            alertQueue.drain();
            if (!closeBatches && System.nanoTime() - nextBatchNanos >= 0) {
                closeBatches = true;
            }
            if (closeBatches) {
                nextBatchNanos = System.nanoTime() + parts.batch().toNanos();
            }
            long now = clock.millis();
            boolean all = restage;
            List<SensorBuffer.Collected> collected = new ArrayList<>(sensors.size());
            for (SensorBuffer b : sensors.values()) {
                synchronized (b) { // the sensor's lock also guards its AQI accumulator and waveform state
                    handle(b, parts.aqi().due(b.sensor, now), now); // hours the clock has passed: derived AQI readings
                    collected.add(b.collect(now, closeBatches, closed.get(), all));
                }
            }
            List<PendingAppend> appends = new ArrayList<>(recovered);
            List<String> closedStreams = new ArrayList<>();
            List<StagedFragment> staged = new ArrayList<>();
            for (SensorBuffer.Collected c : collected) {
                for (Outgoing m : c.messages()) {
                    appends.add(m.append());
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
                        counters.dropped.incrementAndGet(); // telemetry refused: the budget is full of alerts
                    } else {
                        stored++;
                    }
                }
                outcomes.committed(stored);
            } catch (StoreException e) {
                outcomes.failed("the last second's readings and messages", e);
                keepForNextTick(collected);
            } catch (RuntimeException | Error e) {
                // a bug, not the disk: the transaction was rolled back, so keep what it held for the
                // next tick (the flusher's guard logs and reports the failure)
                keepForNextTick(collected);
                throw e;
            }
        }
    }

    /** After a commit that failed: its parts go back to their buffers, and the next commit restages all. */
    private void keepForNextTick(List<SensorBuffer.Collected> collected) {
        restage = true;
        for (SensorBuffer.Collected c : collected) {
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
        return alarms.snapshot();
    }

    /** Per rule, then per alert state ({@code raised}, {@code updated}, {@code cleared}), events since start. */
    public Map<String, Map<String, Long>> alertCounts() {
        return alarms.eventCounts();
    }

    public PipelineCounters counters() {
        return counters.snapshot();
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
        int unstoredAlerts = alertQueue.size();
        if (unstoredAlerts > 0) {
            log.error("pipeline closed with {} alert event(s) that could not be stored", unstoredAlerts);
        }
    }

    // ---- delivery ----------------------------------------------------------------------------

    private void onReadings(SensorBuffer b, List<Reading> delivered) {
        if (closed.get() || delivered.isEmpty()) {
            return;
        }
        // quality is final before rules and the store see a reading: the quality gate, the clock, the pair check
        List<Reading> gated = parts.gates().check(b.sensor, delivered);
        List<Reading> list = parts.pmPairs().check(b.sensor,
                clockQuality.knownGood() ? gated : unsynced(gated));
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
            for (Reading r : parts.aqi().withDerived(b.sensor, list)) {
                counters.readings.incrementAndGet();
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
        counters.waveformPackets.incrementAndGet();
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

    // ---- alarms ------------------------------------------------------------------------------

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
        AlarmSnapshot a = alarms.acknowledge(rule, by, clock.millis());
        if (a == null) {
            return false;
        }
        log.info("alarm {} (level {}) acknowledged by {}", rule, a.level(), by);
        alertQueue.drain();
        return true;
    }

    /**
     * Records that a local output was switched on with no alarm asking for it (a crew testing the
     * siren): committed at once on the alert lane as {@code action/{output}}, so central sees who
     * sounded it and when.
     *
     * @return false when the store could not take it (logged; the action itself goes ahead)
     */
    public boolean recordOutputAction(String output, String action, int seconds, String by) {
        long at = clock.millis();
        return commitOnAlertLane("output " + output + " " + action, parts.topics().action(output),
                seq -> parts.encoder().outputAction(seq, output, action, seconds, by, at));
    }

    /**
     * Records a command's reply, committed at once on the alert lane as {@code reply/{id}} (QoS 1,
     * through the store, so it survives an outage and a restart).
     *
     * @return false when the store could not take it (logged)
     */
    public boolean recordReply(String id, String cmd, String status, String detailJson) {
        long at = clock.millis();
        return commitOnAlertLane("reply " + id, parts.topics().reply(id),
                seq -> parts.encoder().reply(seq, id, cmd, status, detailJson, at));
    }

    /** One message committed at once on the alert lane; false (logged as {@code what}) when the store refused it. */
    private boolean commitOnAlertLane(String what, String topic, java.util.function.LongFunction<byte[]> payload) {
        try {
            store.append(Lane.ALERT, seq -> List.of(new OutgoingMessage(topic, false, payload.apply(seq))));
        } catch (StoreException e) {
            outcomes.failed(what, e);
            return false;
        }
        outcomes.committed(1);
        return true;
    }

    /**
     * Takes the alarm states the events leave and queues them for the store. Callers hold
     * {@link #ruleLock} from the rule step that made the events to here, so a rule fed from two
     * threads (a silent rule's tick and a reading, an earthquake trigger's tick and a block) has its
     * events stored in the order it made them.
     */
    private void queue(List<AlertEvent> events) {
        counters.alerts.addAndGet(events.size());
        alarms.changed(events);
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
        alertQueue.drain();
    }

    /**
     * The alerts the uplink publishes from memory (QoS 1, before anything from the store) while the
     * store cannot write them.
     */
    public UnstoredAlerts unstoredAlerts() {
        return alertQueue.unstored();
    }

    /** Alert events kept in memory because the store could not write them (published or waiting). */
    public int alertsInMemory() {
        return alertQueue.size();
    }
}
