package org.fieldgate.gateway.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * Routes each reading to the rules whose input it is ({@code sensor.channel}, or the bare sensor for
 * {@code silent}), lets time pass for the rules that need it ({@link #tick}), and collects the alert
 * events they produce. Readings of one sensor must be fed in order from one thread at a time;
 * different sensors may be fed concurrently (a rule with inputs on several sensors guards itself).
 */
public final class RuleEngine {

    private final List<Rule> rules;
    /** sensor → channel → rules. Built once, read-only after. */
    private final Map<String, Map<String, List<Rule>>> byInput = new HashMap<>();
    /** sensor → rules that take every channel of it (silent). */
    private final Map<String, List<Rule>> bySensor = new HashMap<>();
    /** Rules that need {@link #tick}. */
    private final List<Rule> ticking = new ArrayList<>();
    /** sensor → rules that take its waveform (sta_lta). */
    private final Map<String, List<Rule>> byWaveform = new HashMap<>();
    /** rule id → the any/all rules that watch its alarm (always defined after it). */
    private final Map<String, List<Rule>> byRule = new HashMap<>();

    public RuleEngine(List<RuleConfig> configs) {
        List<Rule> all = new ArrayList<>();
        Map<String, Rule> above = new HashMap<>();
        for (RuleConfig c : configs) {
            Rule rule = create(c, above::get);
            all.add(rule);
            above.put(c.id(), rule);
            c.condition().accept(new Routing(c, rule));
        }
        this.rules = List.copyOf(all);
    }

    /** The rule object of one config entry that watches no other rule. */
    public static Rule create(RuleConfig c) {
        return create(c, id -> null);
    }

    /** The rule object of one config entry; {@code above} resolves the rules it may watch. */
    private static Rule create(RuleConfig c, java.util.function.Function<String, Rule> above) {
        return c.condition().accept(new RuleCondition.Cases<Rule>() {
            @Override
            public Rule levels(RuleCondition.Levels k) {
                return new LevelRule(c, k);
            }

            @Override
            public Rule rate(RuleCondition.Rate k) {
                return new RateRule(c, k);
            }

            @Override
            public Rule silent(RuleCondition.Silent k) {
                return new SilentRule(c, k);
            }

            @Override
            public Rule stuck(RuleCondition.Stuck k) {
                return new StuckRule(c, k);
            }

            @Override
            public Rule combined(RuleCondition.Combined k) {
                return new CombinedRule(c, k, above);
            }

            @Override
            public Rule staLta(RuleCondition.StaLta k) {
                return new StaLtaRule(c, k);
            }

            @Override
            public Rule seaLevel(RuleCondition.SeaLevel k) {
                return new SeaLevelRule(c, k);
            }

            @Override
            public Rule baseline(RuleCondition.Baseline k) {
                return new BaselineRule(c, k);
            }
        });
    }

    /** Which readings or waveforms reach a rule, and whether it needs {@link #tick}. */
    private final class Routing implements RuleCondition.Cases<Void> {
        private final RuleConfig config;
        private final Rule rule;

        Routing(RuleConfig config, Rule rule) {
            this.config = config;
            this.rule = rule;
        }

        private Void ownChannel() {
            route(config.sensor(), config.channel()).add(rule);
            return null;
        }

        @Override
        public Void levels(RuleCondition.Levels c) {
            return ownChannel();
        }

        @Override
        public Void rate(RuleCondition.Rate c) {
            return ownChannel();
        }

        @Override
        public Void stuck(RuleCondition.Stuck c) {
            return ownChannel();
        }

        @Override
        public Void silent(RuleCondition.Silent c) {
            bySensor.computeIfAbsent(config.sensor(), s -> new ArrayList<>()).add(rule);
            ticking.add(rule);
            return null;
        }

        @Override
        public Void combined(RuleCondition.Combined c) {
            for (RuleCondition.Clause clause : c.clauses()) {
                List<Rule> list = clause.isRule()
                        ? byRule.computeIfAbsent(clause.rule(), r -> new ArrayList<>())
                        : route(clause.sensor(), clause.channel());
                if (!list.contains(rule)) {
                    list.add(rule);
                }
            }
            if (((CombinedRule) rule).lapses()) {
                ticking.add(rule);
            }
            return null;
        }

        @Override
        public Void seaLevel(RuleCondition.SeaLevel c) {
            return ownChannel();
        }

        @Override
        public Void baseline(RuleCondition.Baseline c) {
            if (c.rain() != null) {
                route(c.rain().sensor(), c.rain().channel()).add(rule);
            }
            return ownChannel();
        }

        @Override
        public Void staLta(RuleCondition.StaLta c) {
            byWaveform.computeIfAbsent(config.sensor(), s -> new ArrayList<>()).add(rule);
            ticking.add(rule); // a stream that stops during an event
            return null;
        }
    }

    private List<Rule> route(String sensor, String channel) {
        return byInput.computeIfAbsent(sensor, s -> new HashMap<>()).computeIfAbsent(channel, ch -> new ArrayList<>());
    }

    /** The rules, in config order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Feeds one reading of {@code sensor}; returns the events it caused (usually none), in rule order. */
    public List<AlertEvent> evaluate(String sensor, Reading reading) {
        List<AlertEvent> events = null;
        List<Rule> whole = bySensor.get(sensor);
        if (whole != null) {
            events = feed(whole, sensor, reading, null);
        }
        Map<String, List<Rule>> channels = byInput.get(sensor);
        if (channels != null) {
            List<Rule> matching = channels.get(reading.channel());
            if (matching != null) {
                events = feed(matching, sensor, reading, events);
            }
        }
        return cascade(events);
    }

    private static List<AlertEvent> feed(List<Rule> rules, String sensor, Reading reading, List<AlertEvent> events) {
        for (Rule rule : rules) {
            Optional<AlertEvent> event = rule.evaluate(sensor, reading);
            if (event.isPresent()) {
                if (events == null) {
                    events = new ArrayList<>(1);
                }
                events.add(event.get());
            }
        }
        return events;
    }

    /**
     * Feeds one block of {@code sensor}'s waveform to its earthquake triggers; returns the events, in
     * rule order. Blocks of one sensor in time order, from one thread at a time.
     */
    public List<AlertEvent> waveform(String sensor, WaveformPacket packet) {
        List<Rule> matching = byWaveform.get(sensor);
        if (matching == null) {
            return List.of();
        }
        List<AlertEvent> events = null;
        for (Rule rule : matching) {
            List<AlertEvent> produced = rule.waveform(sensor, packet);
            if (!produced.isEmpty()) {
                if (events == null) {
                    events = new ArrayList<>(produced.size());
                }
                events.addAll(produced);
            }
        }
        return cascade(events);
    }

    /**
     * Lets time pass: rules that judge the absence of readings ({@code silent}) look at the clock.
     * Live, the pipeline's flusher calls this with the wall clock; replay calls it with simulated time.
     */
    public List<AlertEvent> tick(long nowMillis) {
        List<AlertEvent> events = null;
        for (Rule rule : ticking) {
            Optional<AlertEvent> event = rule.tick(nowMillis);
            if (event.isPresent()) {
                if (events == null) {
                    events = new ArrayList<>(1);
                }
                events.add(event.get());
            }
        }
        return cascade(events);
    }

    /**
     * Passes each event to the rules that watch its rule, appending what they raise; as a rule
     * watches only rules above it, one pass over the growing list reaches the end of every chain.
     */
    private List<AlertEvent> cascade(List<AlertEvent> events) {
        if (events == null) {
            return List.of();
        }
        if (byRule.isEmpty()) {
            return events;
        }
        for (int i = 0; i < events.size(); i++) {
            List<Rule> watchers = byRule.get(events.get(i).rule());
            if (watchers != null) {
                for (Rule watcher : watchers) {
                    watcher.ruleChanged(events.get(i)).ifPresent(events::add);
                }
            }
        }
        return events;
    }

    /** True when some rule takes readings of {@code sensor}. */
    public boolean watches(String sensor) {
        return byInput.containsKey(sensor) || bySensor.containsKey(sensor) || byWaveform.containsKey(sensor);
    }
}
