package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What raises a rule's alarm: one record per condition kind of a {@code rules:} entry
 * (docs/rules.md, docs/seismic.md), each holding only its own keys. A new kind (sea level, dose
 * rate) is a new record here, a method of {@link Cases} and a reader ({@code RulesReader}); the
 * compiler then names every place that must handle it.
 */
public sealed interface RuleCondition {

    /** Calls the method of {@code cases} for this kind. */
    <T> T accept(Cases<T> cases);

    /** The kind's key in a {@code rules:} entry ({@code levels}, {@code sta_lta}…). */
    String key();

    /** How far back past a threshold a raised level must go to clear; 0 for kinds without hysteresis. */
    default double hysteresis() {
        return 0;
    }

    /** One method per kind: exhaustive dispatch (Java 17 has no pattern matching in switch). */
    interface Cases<T> {
        T levels(Levels c);

        T rate(Rate c);

        T silent(Silent c);

        T stuck(Stuck c);

        T combined(Combined c);

        T staLta(StaLta c);

        T seaLevel(SeaLevel c);

        T baseline(Baseline c);
    }

    /**
     * {@code baseline: { window: 24h, k: 4, min_rise: 10, learn: 1h }} on a counts channel
     * ({@code cpm}): the site's own background as the rolling median of {@code window}; raised while
     * a reading exceeds it by more than counting noise allows ({@code k·√background}) and by at least
     * {@code min_rise}; nothing is judged before {@code learn} of readings (docs/radiation.md). With
     * {@code rain: rg1.rain_mm_h} an alert says whether rain was
     * falling, which washes radon progeny down and can double the background.
     */
    record Baseline(Duration window, double k, double minRise, Duration learn, Input rain) implements RuleCondition {
        public Baseline {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(learn, "learn");
        }

        /** Without a rain gauge. */
        public Baseline(Duration window, double k, double minRise, Duration learn) {
            this(window, k, minRise, learn, null);
        }

        @Override
        public String key() {
            return "baseline";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.baseline(this);
        }
    }

    /**
     * {@code sea_level: { short: 15m, long: 180m, ratio: 3, threshold: 0.10, count: 3 }}: the tsunami
     * detector of the JRC IDSL kind on a sea-level channel (docs/sea-level.md): quadratic
     * least-squares forecasts over a short and a long window, their difference against
     * {@code ratio} times its rolling RMS and {@code threshold}, an up/down counter that raises at
     * {@code count}; cleared when the counter has stayed at 0 for {@code clearAfter}. A gap longer than
     * {@code maxGap} starts the detector again.
     */
    record SeaLevel(Duration shortWindow, Duration longWindow, double ratio, double threshold, int count,
                    Duration clearAfter, Duration maxGap) implements RuleCondition {
        public SeaLevel {
            Objects.requireNonNull(shortWindow, "shortWindow");
            Objects.requireNonNull(longWindow, "longWindow");
            Objects.requireNonNull(clearAfter, "clearAfter");
            Objects.requireNonNull(maxGap, "maxGap");
        }

        @Override
        public String key() {
            return "sea_level";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.seaLevel(this);
        }
    }

    /**
     * {@code levels: [...]}: the value against ordered thresholds, least severe first (severity =
     * index + 1); a raised level clears only when the value is {@code hysteresis} back past it.
     */
    record Levels(List<RuleConfig.Level> levels, double hysteresis) implements RuleCondition {
        public Levels {
            levels = List.copyOf(levels);
        }

        @Override
        public String key() {
            return "levels";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.levels(this);
        }
    }

    /**
     * {@code rate: { above: 0.3, per: 1h, window: 15m }}: the slope of the channel over the last
     * {@code window} of readings, in channel units per {@code per}, against one threshold
     * ({@code level}, named after the rule).
     */
    record Rate(RuleConfig.Level level, Duration per, Duration window, double hysteresis) implements RuleCondition {
        public Rate {
            Objects.requireNonNull(level, "level");
        }

        @Override
        public String key() {
            return "rate";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.rate(this);
        }
    }

    /** {@code silent: 10m}: no valid reading of the sensor for this long raises. */
    record Silent(Duration after) implements RuleCondition {
        @Override
        public String key() {
            return "silent";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.silent(this);
        }
    }

    /** {@code stuck: { for: 2h, tolerance: 0 }}: no change beyond {@code tolerance} for {@code duration}. */
    record Stuck(Duration duration, double tolerance) implements RuleCondition {
        @Override
        public String key() {
            return "stuck";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.stuck(this);
        }
    }

    /**
     * {@code any: [...]} or {@code all: [...]} of simple thresholds on several channels;
     * {@code hysteresis} applies to each clause.
     */
    record Combined(boolean all, List<Clause> clauses, double hysteresis) implements RuleCondition {
        public Combined {
            clauses = List.copyOf(clauses);
        }

        @Override
        public String key() {
            return all ? "all" : "any";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.combined(this);
        }
    }

    /** A channel a rule reads besides its input. */
    record Input(String sensor, String channel) {
    }

    /**
     * One condition of an any/all rule: {@code { input: s.ch, above: x }} (or {@code below}) on a
     * channel, or {@code { rule: quake, within: 15m }} on the alarm of a rule defined above it: true
     * while that alarm is in force, and with {@code within} also for that long after it was last
     * raised (an earthquake trigger ends in seconds; the sea answers in minutes).
     */
    record Clause(String sensor, String channel, Double above, Double below, String rule, Duration within) {

        /** A threshold on a channel. */
        public Clause(String sensor, String channel, Double above, Double below) {
            this(sensor, channel, above, below, null, null);
        }

        /** The state of another rule's alarm; {@code within} may be null. */
        public static Clause onRule(String rule, Duration within) {
            return new Clause(null, null, null, null, Objects.requireNonNull(rule, "rule"), within);
        }

        public boolean isRule() {
            return rule != null;
        }

        public double threshold() {
            return above != null ? above : below;
        }

        public boolean isAbove() {
            return above != null;
        }
    }

    /**
     * {@code sta_lta: { sta: 1s, lta: 10s, trigger_on: 3.5, trigger_off: 1.5, method: classic, axis:
     * vector, … }}: an earthquake trigger on a waveform sensor (docs/seismic.md).
     *
     * @param sta         short-term window
     * @param lta         long-term window
     * @param on          {@code trigger_on}: the ratio above which an event starts
     * @param off         {@code trigger_off}: the ratio at or below which it ends ({@code off <= on})
     * @param method      classic or recursive (ObsPy's definitions)
     * @param axis        {@code vector} (sum of squares of all axes), {@code any} (each axis on its own,
     *                    the first to trigger raises), or one axis name
     * @param bandpass    corner frequencies in Hz {@code [low, high]} of an optional band-pass after the
     *                    offset removal, or null
     * @param minDuration the trigger must stay on this long before the alert goes (0: at once)
     * @param maxDuration an event still on after this long ends; the trigger re-arms once the ratio has
     *                    fallen to {@code off}
     * @param pre         seconds of waveform before the onset in the event window
     * @param post        seconds of waveform after the end in the event window (0 with pre 0: no window)
     */
    record StaLta(Duration sta, Duration lta, double on, double off, Method method, String axis,
                  double[] bandpass, Duration minDuration, Duration maxDuration, Duration pre, Duration post)
            implements RuleCondition {

        public enum Method { CLASSIC, RECURSIVE }

        /** True when the event waveform window is sent. */
        public boolean window() {
            return !pre.isZero() || !post.isZero();
        }

        @Override
        public String key() {
            return "sta_lta";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.staLta(this);
        }
    }
}
