package org.fieldgate.gateway.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.rules.seismic.SeismicDetector;
import org.fieldgate.gateway.rules.seismic.Shaking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An earthquake trigger ({@code sta_lta:}) on a waveform sensor, sample by sample on the driver's
 * thread, so the alert leaves with the block that holds the triggering sample.
 *
 * <p>Lifecycle (one level, named after the rule):
 * <ul>
 *   <li>{@code raised} when the ratio rises above {@code on} and stays above {@code off} for
 *       {@code min_duration} (0: at the triggering sample); carries the onset (first sample above
 *       {@code on});</li>
 *   <li>{@code updated} while it goes on, at most once a second of samples, when the intensity grew by
 *       0.1 or more or the PGA by 10 % or more since the last alert;</li>
 *   <li>{@code cleared} when the ratio falls to {@code off} (reason {@code ended}), after
 *       {@code max_duration} ({@code max_duration}; the trigger re-arms once the ratio has fallen to
 *       {@code off}), or when the stream breaks off for more than a second ({@code gap}), with the
 *       event's final PGA, PGV and intensity.</li>
 * </ul>
 * A break in the stream longer than a second, a change of sample rate, or a restart starts the
 * detector again with its warm-up ({@code lta}); an alarm restored after a restart clears once the
 * warmed-up detector sees no event. A stream that stops during an event (a cut cable, a dead board)
 * clears it ({@code gap}) when time passes ({@link #tick}) without samples; so does a restored alarm
 * whose sensor sends nothing for {@value #RESTORED_WITHOUT_DATA_MS} ms.
 */
public final class StaLtaRule implements Rule {

    private static final Logger log = LoggerFactory.getLogger(StaLtaRule.class);

    /** A stream that breaks off for longer than this starts the detector again. */
    static final long MAX_GAP_MS = 1_000;
    static final long UPDATE_EVERY_MS = 1_000;
    /** A stream silent this long past its next sample's time during an event has stopped. */
    static final long STALLED_MS = 3_000;
    static final long RESTORED_WITHOUT_DATA_MS = 60_000;

    private enum Phase { IDLE, PENDING, ACTIVE, EXHAUSTED, RESTORED }

    private final RuleConfig config;
    private final RuleCondition.StaLta trigger;
    private final RuleConfig.Level level;

    private SeismicDetector detector;
    private List<String> axisNames = List.of();
    private double sampleRate;
    private long expectedNext = Long.MIN_VALUE;
    private long lastSample;
    private double expectedNextExact;

    private Phase phase = Phase.IDLE;
    private long onset;
    private long since;
    private double pga;
    private double pgv;
    private double triggerRatio;
    private String triggerAxis;
    private long lastUpdate;
    private double reportedPga;
    private double reportedMmi;
    private long restoredTickAt = Long.MIN_VALUE;

    public StaLtaRule(RuleConfig config, RuleCondition.StaLta trigger) {
        this.config = config;
        this.trigger = trigger;
        this.level = config.levels().get(0);
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public RuleConfig config() {
        return config;
    }

    @Override
    public synchronized int severity() {
        return active() ? 1 : 0;
    }

    @Override
    public synchronized Optional<RuleConfig.Level> level() {
        return active() ? Optional.of(level) : Optional.empty();
    }

    private boolean active() {
        return phase == Phase.ACTIVE || phase == Phase.RESTORED;
    }

    /** Scalar readings (a sensor's temperature) do not concern an earthquake trigger. */
    @Override
    public Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        return Optional.empty();
    }

    @Override
    public synchronized void restore(int severity, long since) {
        if (severity == 1) {
            phase = Phase.RESTORED;
            this.since = since;
        }
    }

    /** Ends an event whose stream stopped, and a restored alarm whose sensor never sends. */
    @Override
    public synchronized Optional<AlertEvent> tick(long now) {
        if (detector != null && (phase == Phase.ACTIVE || phase == Phase.PENDING)
                && now - expectedNext > STALLED_MS) {
            log.warn("rule {}: no sample of {} since {}; the event ends and the detector starts again", id(),
                    config.sensor(), expectedNext);
            Optional<AlertEvent> cleared = phase == Phase.ACTIVE ? Optional.of(clear(lastSample, "gap"))
                    : Optional.empty();
            phase = Phase.IDLE;
            detector = null; // the next block warms up a new one
            return cleared;
        }
        if (phase == Phase.RESTORED && detector == null) {
            if (restoredTickAt == Long.MIN_VALUE) {
                restoredTickAt = now;
            } else if (now - restoredTickAt >= RESTORED_WITHOUT_DATA_MS) {
                phase = Phase.IDLE;
                log.warn("rule {}: alarm restored after a restart, but {} sent nothing for {} s: cleared", id(),
                        config.sensor(), RESTORED_WITHOUT_DATA_MS / 1000);
                return Optional.of(new AlertEvent(id(), "cleared", level.name(), 0, config.sensor(), "vector", 0,
                        trigger.on(), now, new Shaking(since, 0, 0, 1.0, now, "gap")));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<AlertEvent> waveform(String sensor, WaveformPacket packet) {
        int n = packet.length();
        if (n == 0) {
            return List.of();
        }
        List<AlertEvent> events = new ArrayList<>(0);
        prepare(packet, events);
        double periodMs = 1000.0 / packet.sampleRate();
        double[][] axes = packet.axes().values().toArray(new double[0][]);
        double[] sample = new double[axes.length];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < axes.length; a++) {
                sample[a] = axes[a][i];
            }
            long t = packet.t0() + Math.round(i * periodMs);
            detector.next(sample, phase == Phase.PENDING || phase == Phase.ACTIVE);
            if (detector.ready()) {
                step(t, events);
            }
        }
        lastSample = packet.t0() + Math.round((n - 1) * periodMs);
        expectedNextExact = packet.t0() + n * periodMs;
        expectedNext = Math.round(expectedNextExact);
        return events;
    }

    /** A new detector at the first packet, after a break in the stream or a change of rate or axes. */
    private void prepare(WaveformPacket packet, List<AlertEvent> events) {
        List<String> names = List.copyOf(packet.axes().keySet());
        boolean sameShape = detector != null && packet.sampleRate() == sampleRate && names.equals(axisNames);
        if (sameShape && Math.abs(packet.t0() - expectedNextExact) <= MAX_GAP_MS) {
            return;
        }
        if (detector != null) {
            log.warn("rule {}: {} on {}; the detector starts again ({} warm-up)", id(), sameShape
                    ? "stream broke off between " + expectedNext + " and " + packet.t0()
                    : "sample rate or axes changed (" + sampleRate + " Hz " + axisNames + " → " + packet.sampleRate()
                    + " Hz " + names + ")", config.sensor(), trigger.lta());
            if (phase == Phase.ACTIVE) {
                events.add(clear(lastSample, sameShape ? "gap" : "restart"));
            }
            if (phase != Phase.RESTORED) {
                phase = Phase.IDLE;
            }
        }
        sampleRate = packet.sampleRate();
        axisNames = names;
        detector = new SeismicDetector(names.size(), mode(names), trigger.method() == RuleCondition.StaLta.Method.CLASSIC,
                samples(trigger.sta()), samples(trigger.lta()), sampleRate, usableBandpass());
    }

    private int mode(List<String> names) {
        return switch (trigger.axis()) {
            case "vector" -> SeismicDetector.VECTOR;
            case "any" -> SeismicDetector.ANY;
            default -> {
                int index = names.indexOf(trigger.axis());
                if (index < 0) {
                    log.error("rule {}: sensor {} delivers no axis {} (it has {}); using the vector sum", id(),
                            config.sensor(), trigger.axis(), names);
                    yield SeismicDetector.VECTOR;
                }
                yield index;
            }
        };
    }

    private int samples(Duration d) {
        return Math.max(1, (int) Math.round(d.toNanos() / 1e9 * sampleRate));
    }

    private double[] usableBandpass() {
        double[] bp = trigger.bandpass();
        if (bp != null && !(bp[1] < sampleRate / 2)) {
            log.error("rule {}: band-pass {}–{} Hz does not fit {} Hz sampling (Nyquist {} Hz); detecting without it",
                    id(), bp[0], bp[1], sampleRate, sampleRate / 2);
            return null;
        }
        return bp;
    }

    private void step(long t, List<AlertEvent> events) {
        double ratio = detector.ratio();
        switch (phase) {
            case IDLE -> {
                if (ratio > trigger.on()) {
                    onset = t;
                    pga = 0;
                    pgv = 0;
                    triggerRatio = ratio;
                    triggerAxis = axisName(detector.ratioAxis());
                    phase = Phase.PENDING;
                    track();
                    if (trigger.minDuration().isZero()) {
                        events.add(raise(t));
                    }
                }
            }
            case PENDING -> {
                track();
                if (!(ratio > trigger.off())) {
                    log.info("rule {}: trigger at {} lasted less than {}; no alert", id(), onset,
                            trigger.minDuration());
                    phase = Phase.IDLE;
                } else if (t - onset >= trigger.minDuration().toMillis()) {
                    events.add(raise(t));
                }
            }
            case ACTIVE -> {
                track();
                if (!(ratio > trigger.off())) {
                    events.add(clear(t, "ended"));
                } else if (t - onset >= trigger.maxDuration().toMillis()) {
                    events.add(clear(t, "max_duration"));
                    phase = Phase.EXHAUSTED;
                } else if (t - lastUpdate >= UPDATE_EVERY_MS && grew()) {
                    events.add(event("updated", t, ratio, shaking(0, null)));
                }
            }
            case EXHAUSTED -> {
                if (!(ratio > trigger.off())) {
                    phase = Phase.IDLE;
                }
            }
            case RESTORED -> {
                if (!(ratio > trigger.off())) {
                    phase = Phase.IDLE;
                    events.add(new AlertEvent(id(), "cleared", level.name(), 0, config.sensor(), "vector", ratio,
                            trigger.on(), t, new Shaking(since, 0, 0, 1.0, t, "ended")));
                    log.info("rule {}: alarm restored after a restart cleared: no event once warmed up", id());
                }
            }
        }
    }

    private void track() {
        pga = Math.max(pga, detector.acceleration());
        pgv = Math.max(pgv, detector.velocity());
    }

    private boolean grew() {
        return Shaking.intensity(pga) >= reportedMmi + 0.1 || pga >= reportedPga * 1.1;
    }

    private AlertEvent raise(long t) {
        phase = Phase.ACTIVE;
        since = t;
        return event("raised", t, triggerRatio, shaking(0, null));
    }

    private AlertEvent clear(long t, String reason) {
        phase = Phase.IDLE;
        return event("cleared", t, detector.ratio(), shaking(t, reason));
    }

    private Shaking shaking(long end, String reason) {
        return new Shaking(onset, pga, pgv, Shaking.intensity(pga), end, reason);
    }

    private AlertEvent event(String state, long t, double ratio, Shaking s) {
        lastUpdate = t;
        reportedPga = s.pga();
        reportedMmi = s.mmi();
        return new AlertEvent(id(), state, level.name(), state.equals("cleared") ? 0 : 1, config.sensor(),
                triggerAxis, ratio, trigger.on(), t, s);
    }

    private String axisName(int index) {
        return index < 0 ? "vector" : axisNames.get(index);
    }
}
