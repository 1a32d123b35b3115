package org.fieldgate.gateway.outputs;

import java.time.Duration;
import java.util.ArrayList;
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
import java.util.function.LongSupplier;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.io.gpio.GpioInput;
import org.fieldgate.drivers.io.gpio.GpioInputs;
import org.fieldgate.drivers.io.gpio.GpioOutput;
import org.fieldgate.drivers.io.gpio.GpioOutputs;
import org.fieldgate.drivers.io.gpio.GpioUnavailableException;
import org.fieldgate.drivers.io.gpio.Pull;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.OutputConfig;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.status.AckOutcome;
import org.fieldgate.gateway.status.AlarmAcknowledger;
import org.fieldgate.gateway.status.OutputTester;
import org.fieldgate.gateway.supervision.Pulse;
import org.fieldgate.gateway.supervision.TickGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the site's GPIO outputs (sirens, beacons, relays) from the alarms, on one thread.
 *
 * <ul>
 *   <li>Every pin is opened at its safe state, which it keeps until the alarms are first read, and
 *       gets back at {@link #close()} (call it before the pipeline closes).</li>
 *   <li>Every {@link #TICK} the alarms are read; each output follows the highest severity among
 *       the active alarms of the rules that list it in {@code actions}, with that severity's
 *       pattern and its {@code max_on} ({@link OutputDrive}). An alarm still active after a
 *       restart therefore sounds again at once.</li>
 *   <li>{@link #acknowledge} (the status API, {@code fieldgate ack}) and an output's silence button
 *       acknowledge an alarm: its outputs go quiet while it stays at that level or below, and sound
 *       again when it escalates; the silence ends when it clears. An output with a {@code resound}
 *       sounds again for an alarm still active that long after its (latest) acknowledgement; a new
 *       acknowledgement silences it for another {@code resound}.</li>
 *   <li>{@link #test} (the crews' page's "test siren") switches an output on for
 *       {@link OutputTester#LENGTH} whatever the alarms ask, logs it and has it published.</li>
 *   <li>A pin that cannot be opened (no GPIO chip yet, wrong machine) is logged and retried every
 *       {@link #REOPEN_EVERY}; the other outputs work meanwhile.</li>
 * </ul>
 */
public final class OutputController implements AlarmAcknowledger, OutputTester, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutputController.class);

    /** How often alarms and patterns are evaluated: fine enough for a 250 ms blink. */
    public static final Duration TICK = Duration.ofMillis(25);
    /** How often a pin that could not be opened is tried again. */
    public static final Duration REOPEN_EVERY = Duration.ofSeconds(30);

    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, List<String>> outputsOfRule = new LinkedHashMap<>();
    private final AlarmSource source;
    private final GpioOutputs outputs;
    private final GpioInputs inputs;
    private final LongSupplier nanos;
    /** Rule id to its silence: quiet while at or below its severity (and, per output, until resound). */
    private final Map<String, Silence> silenced = new ConcurrentHashMap<>();
    private ScheduledExecutorService thread; // guarded by this
    private Runnable guardedStep; // guarded by this
    private boolean closed; // guarded by this
    private Map<String, AlarmSnapshot> lastAlarms = Map.of();

    /**
     * @param rulesOfOutput per output id, the ids of the rules that list it in {@code actions}
     * @param nanos         monotonic time ({@code System::nanoTime}; tests pass their own)
     */
    OutputController(List<OutputConfig> configs, Map<String, List<String>> rulesOfOutput, AlarmSource source,
                     GpioOutputs outputs, GpioInputs inputs, LongSupplier nanos) {
        this.source = Objects.requireNonNull(source, "source");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        for (OutputConfig c : configs) {
            List<String> rules = List.copyOf(rulesOfOutput.getOrDefault(c.id(), List.of()));
            slots.add(new Slot(c, rules));
            for (String r : rules) {
                outputsOfRule.computeIfAbsent(r, k -> new ArrayList<>()).add(c.id());
            }
        }
    }

    /** The controller of a config's {@code outputs:}, driven by its rules' {@code actions}. */
    public static OutputController of(FieldgateConfig config, AlarmSource source, GpioOutputs outputs,
                                      GpioInputs inputs) {
        return new OutputController(config.outputs(), rulesOfOutput(config.rules()), source, outputs, inputs,
                System::nanoTime);
    }

    static Map<String, List<String>> rulesOfOutput(List<RuleConfig> rules) {
        Map<String, List<String>> m = new TreeMap<>();
        for (RuleConfig r : rules) {
            for (String output : r.actions()) {
                m.computeIfAbsent(output, k -> new ArrayList<>()).add(r.id());
            }
        }
        return m;
    }

    /** Opens every pin at its safe state, drives them from the alarms now, then every {@link #TICK}. */
    public void start() {
        start(Pulse.NONE);
    }

    /**
     * As {@link #start()}, every tick reported to {@code pulse}: a tick that throws anything (an
     * {@link Error} too) is logged and the next one tries again, so that no failure ends the
     * schedule a siren depends on; the supervisor judges outputs that keep failing.
     */
    public synchronized void start(Pulse pulse) {
        if (thread != null || closed) {
            return;
        }
        open();
        step();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outputs");
            t.setDaemon(true);
            return t;
        });
        // a siren depends on this schedule: no failure may end it
        guardedStep = new TickGuard("outputs", this::step, pulse);
        thread.scheduleWithFixedDelay(guardedStep, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Opens every pin not open yet (all at once at start; later only those due for a retry). */
    synchronized void open() {
        long now = nanos.getAsLong();
        for (Slot s : slots) {
            s.openIfDue(now);
        }
    }

    /** One evaluation: ends silences, handles button presses, sets every pin. */
    synchronized void step() {
        if (closed) {
            return;
        }
        long now = nanos.getAsLong();
        for (Slot s : slots) {
            s.openIfDue(now);
        }
        Map<String, AlarmSnapshot> alarms = readAlarms();
        silenced.entrySet().removeIf(e -> {
            AlarmSnapshot a = alarms.get(e.getKey());
            if (a == null || !a.active()) {
                log.info("alarm {} cleared: its silence ends", e.getKey());
                return true;
            }
            if (a.severity() > e.getValue().severity()) {
                log.warn("alarm {} escalated to {} (severity {}): silence ends, outputs {} sound again", e.getKey(),
                        a.level(), a.severity(), outputsOfRule.getOrDefault(e.getKey(), List.of()));
                return true;
            }
            return false;
        });
        for (Slot s : slots) {
            if (s.button != null && s.button.pressedFor(now)) {
                s.silence(alarms);
            }
        }
        for (Slot s : slots) {
            Map<String, Integer> driving = new TreeMap<>();
            for (String rule : s.rules) {
                AlarmSnapshot a = alarms.get(rule);
                if (a != null && a.active() && !s.quiet(rule, now)) {
                    driving.put(rule, a.severity());
                }
            }
            boolean testing = s.testing(now);
            s.set(s.drive.on(driving, now) || testing);
        }
    }

    private Map<String, AlarmSnapshot> readAlarms() {
        try {
            Map<String, AlarmSnapshot> a = source.alarms().get();
            lastAlarms = a;
            return a;
        } catch (RuntimeException e) {
            log.error("outputs: cannot read the alarms ({}); keeping the last known state", e.toString());
            return lastAlarms;
        }
    }

    @Override
    public AckOutcome acknowledge(String rule, String by) {
        AlarmSnapshot a = source.alarms().get().get(rule);
        if (a == null) {
            return AckOutcome.UNKNOWN_RULE;
        }
        if (!a.active() || !source.acknowledge().test(rule, by)) {
            return AckOutcome.NO_ACTIVE_ALARM;
        }
        long now = nanos.getAsLong();
        silenced.merge(rule, new Silence(a.severity(), now),
                (was, again) -> new Silence(Math.max(was.severity(), again.severity()), again.since()));
        log.warn("alarm {} {} (severity {}) silenced by {}: outputs {} quiet until it clears, escalates or resounds",
                rule, a.level(), a.severity(), by, outputsOfRule.getOrDefault(rule, List.of()));
        wake();
        return AckOutcome.ACKNOWLEDGED;
    }

    @Override
    public Outcome test(String output, String by) {
        synchronized (this) {
            Slot s = slots.stream().filter(x -> x.config.id().equals(output)).findFirst().orElse(null);
            if (s == null) {
                return Outcome.UNKNOWN_OUTPUT;
            }
            if (s.pin == null || closed) {
                log.warn("output {}: test by {} refused, its pin is not open ({})", output, by,
                        s.lastError == null ? "not started" : s.lastError);
                return Outcome.UNAVAILABLE;
            }
            s.testUntil = nanos.getAsLong() + LENGTH.toNanos();
            s.testing = true;
            log.warn("output {}: TEST for {} s by {} (BCM {}), whatever the alarms ask", output, LENGTH.toSeconds(),
                    by, s.config.gpio().pin());
        }
        wake();
        source.actions().record(output, "test", (int) LENGTH.toSeconds(), by); // a store write: not under the lock
        return Outcome.STARTED;
    }

    /** Each output as it is now, in config order. */
    public synchronized List<OutputState> states() {
        List<OutputState> out = new ArrayList<>();
        long now = nanos.getAsLong();
        for (Slot s : slots) {
            boolean on = s.level != null && s.level == s.config.gpio().activeHigh();
            out.add(new OutputState(s.config.id(), s.pin != null, on, s.testing && now - s.testUntil < 0, s.rules,
                    s.lastError));
        }
        return List.copyOf(out);
    }

    /** Rule ids silenced now, each with the severity at which it was acknowledged. */
    public Map<String, Integer> silenced() {
        Map<String, Integer> m = new TreeMap<>();
        silenced.forEach((rule, s) -> m.put(rule, s.severity()));
        return Map.copyOf(m);
    }

    /**
     * An acknowledgement in force.
     *
     * @param severity the highest severity acknowledged
     * @param since    when it was (last) acknowledged, {@link #nanos} time
     */
    private record Silence(int severity, long since) {
    }

    private synchronized void wake() {
        if (thread != null) {
            try {
                thread.execute(guardedStep);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** Stops driving; every pin goes to its safe state and is released. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) {
                return;
            }
            t = thread;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closed = true;
            for (Slot s : slots) {
                s.close();
            }
        }
        if (!slots.isEmpty()) {
            log.info("outputs: every pin at its safe state");
        }
    }

    /** One output: its config, pin, drive and button. Used under the controller's lock. */
    private final class Slot {
        final OutputConfig config;
        final List<String> rules;
        final OutputDrive drive;
        final Button button;
        GpioOutput pin;
        GpioInput buttonInput;
        /** Per rule, the silence (its {@code since}) this output already sounds again for. */
        final Map<String, Long> resounding = new TreeMap<>();
        Boolean level; // last level set, null = not set since open
        boolean testing; // a test is on until testUntil
        long testUntil;
        long nextOpen; // due at once
        String lastError;

        Slot(OutputConfig config, List<String> rules) {
            this.config = config;
            this.rules = rules;
            this.nextOpen = nanos.getAsLong();
            this.drive = new OutputDrive(config);
            this.button = config.silenceButton() == null ? null : new Button(config.silenceButton());
        }

        /** True while {@code rule} is silenced here: acknowledged, and {@code resound} not yet past. */
        boolean quiet(String rule, long now) {
            Silence s = silenced.get(rule);
            if (s == null) {
                resounding.remove(rule);
                return false;
            }
            Duration resound = config.resound();
            if (resound == null || now - s.since() < resound.toNanos()) {
                return true;
            }
            Long logged = resounding.put(rule, s.since());
            if (logged == null || logged != s.since()) {
                log.warn("alarm {} still active {} after it was acknowledged: output {} sounds again (resound)", rule,
                        DurationText.format(resound), config.id());
            }
            return false;
        }

        /** True while a test holds the output on; logs its end once. */
        boolean testing(long now) {
            if (testing && now - testUntil >= 0) {
                testing = false;
                log.info("output {}: test over, back to what the alarms ask", config.id());
            }
            return testing;
        }

        boolean safeHigh() {
            return config.safeOn() == config.gpio().activeHigh();
        }

        void openIfDue(long now) {
            if ((pin != null && (button == null || buttonInput != null)) || now - nextOpen < 0) {
                return;
            }
            try {
                if (pin == null) {
                    pin = outputs.openOutput(config.gpio().pin(), safeHigh());
                    level = null;
                    log.info("output {}: BCM {} open, safe state {} ({}; {})", config.id(), config.gpio().pin(),
                            config.safeOn() ? "on" : "off", config.gpio().activeHigh() ? "active high" : "active low",
                            outputs.describe());
                }
                if (button != null && buttonInput == null) {
                    OutputConfig.Button b = config.silenceButton();
                    GpioInput in = inputs.open(b.pin(), Pull.parse(b.pull()),
                            (high, t) -> button.edge(high, nanos.getAsLong()));
                    buttonInput = in;
                    button.start(in.high(), nanos.getAsLong());
                    log.info("output {}: silence button on BCM {} ready", config.id(), b.pin());
                }
                lastError = null;
            } catch (GpioUnavailableException | RuntimeException e) {
                String why = e instanceof GpioUnavailableException ? e.getMessage() : e.toString();
                if (!why.equals(lastError)) {
                    log.error("output {}: {}; retrying every {}", config.id(), why, DurationText.format(REOPEN_EVERY));
                }
                lastError = why;
                nextOpen = now + REOPEN_EVERY.toNanos();
            }
        }

        void set(boolean on) {
            if (pin == null) {
                return;
            }
            boolean high = on == config.gpio().activeHigh();
            if (level != null && level == high) {
                return;
            }
            try {
                pin.set(high);
                level = high;
            } catch (RuntimeException e) {
                log.error("output {}: setting BCM {} failed ({}); reopening", config.id(), config.gpio().pin(),
                        e.toString());
                pin.close();
                pin = null;
                nextOpen = nanos.getAsLong() + REOPEN_EVERY.toNanos();
            }
        }

        /** The button was pressed: acknowledge every active alarm that sounds on this output. */
        void silence(Map<String, AlarmSnapshot> alarms) {
            int n = 0;
            for (String rule : rules) {
                AlarmSnapshot a = alarms.get(rule);
                if (a != null && a.active() && !quiet(rule, nanos.getAsLong())
                        && acknowledge(rule, "button:" + config.id()) == AckOutcome.ACKNOWLEDGED) {
                    n++;
                }
            }
            if (n == 0) {
                log.info("output {}: silence button pressed, no alarm to silence", config.id());
            }
        }

        void close() {
            if (pin != null) {
                pin.close();
                pin = null;
            }
            if (buttonInput != null) {
                buttonInput.close();
                buttonInput = null;
            }
        }
    }

    /**
     * A silence button: a press counts once the line has stayed at its pressed level for the
     * debounce time (contact bounce restarts the wait), and once per press.
     */
    static final class Button {
        private final boolean pressedHigh;
        private final long debounceNanos;
        private boolean down;      // guarded by this
        private long downSince;    // guarded by this
        private boolean counted;   // guarded by this

        Button(OutputConfig.Button config) {
            this.pressedHigh = config.pressedHigh();
            this.debounceNanos = config.debounce().toNanos();
        }

        /** The line's level when opened: a button held (or stuck) at start must be released first. */
        synchronized void start(boolean high, long now) {
            down = high == pressedHigh;
            downSince = now;
            counted = down;
        }

        /** An edge, from the GPIO library's thread. */
        synchronized void edge(boolean high, long now) {
            boolean pressed = high == pressedHigh;
            if (pressed && !down) {
                downSince = now;
                counted = false;
            }
            down = pressed;
        }

        /** True once per press, when it has lasted the debounce time. */
        synchronized boolean pressedFor(long now) {
            if (down && !counted && now - downSince >= debounceNanos) {
                counted = true;
                return true;
            }
            return false;
        }
    }
}
