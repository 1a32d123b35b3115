package org.fieldgate.gateway.status;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/status} answers (written with snake_case names). The same facts feed
 * {@code fieldgate status}. Never holds a secret.
 */
public record StatusReport(
        String gw,
        String version,
        long now,
        long started,
        long uptimeS,
        List<Sensor> sensors,
        List<Alarm> alarms,
        Uplink uplink,
        Backlog backlog,
        Store store,
        String localBroker,
        ClockState clock,
        List<Part> threads,
        List<Rule> rules,
        List<Output> outputs,
        Config config) {

    /** Without the running config's identity (tools and tests). */
    public StatusReport(String gw, String version, long now, long started, long uptimeS, List<Sensor> sensors,
                        List<Alarm> alarms, Uplink uplink, Backlog backlog, Store store, String localBroker,
                        ClockState clock, List<Part> threads, List<Rule> rules, List<Output> outputs) {
        this(gw, version, now, started, uptimeS, sensors, alarms, uplink, backlog, store, localBroker, clock, threads,
                rules, outputs, null);
    }

    /**
     * The running config (docs/commands.md, "Which config runs").
     *
     * @param version   0 for the local file, else the remote version's number
     * @param hash      {@code sha256:} and the hex SHA-256 of its text
     * @param source    {@code local} or {@code remote}
     * @param probation while a remote config proves itself: when probation ends (ms); else null
     * @param commands  commands {@code received}, {@code ran}, {@code refused}, {@code dropped}; empty
     *                  when commands are off
     */
    public record Config(int version, String hash, String source, Long probation, java.util.Map<String, Long> commands) {
    }

    /** A report without the outputs (tools and tests that have none). */
    public StatusReport(String gw, String version, long now, long started, long uptimeS, List<Sensor> sensors,
                        List<Alarm> alarms, Uplink uplink, Backlog backlog, Store store, String localBroker,
                        ClockState clock, List<Part> threads, List<Rule> rules) {
        this(gw, version, now, started, uptimeS, sensors, alarms, uplink, backlog, store, localBroker, clock, threads,
                rules, List.of());
    }

    /**
     * A local output (siren, beacon, relay).
     *
     * @param state   {@code on}, {@code off} or {@code unavailable} (its pin cannot be driven now)
     * @param testing a crew's test holds it on
     * @param rules   the rules that drive it
     * @param error   why it is unavailable, or null
     */
    public record Output(String id, String state, boolean testing, List<String> rules, String error) {
    }

    /** A report without the rules' settings (tools and tests that have none). */
    public StatusReport(String gw, String version, long now, long started, long uptimeS, List<Sensor> sensors,
                        List<Alarm> alarms, Uplink uplink, Backlog backlog, Store store, String localBroker,
                        ClockState clock, List<Part> threads) {
        this(gw, version, now, started, uptimeS, sensors, alarms, uplink, backlog, store, localBroker, clock, threads,
                List.of());
    }

    /**
     * A rule as configured, so the crews' page can draw a channel against its alert levels.
     *
     * @param kind   {@code levels}, {@code rate}, {@code silent}, {@code stuck}, {@code any},
     *               {@code all} or {@code sta_lta}
     * @param levels the levels of a {@code levels} rule, lowest severity first; else empty
     * @param alerts its alert events since the gateway started, per state ({@code raised}, …)
     */
    public record Rule(String id, String kind, String sensor, String ch, List<RuleLevel> levels,
                       Map<String, Long> alerts) {

        public Rule(String id, String kind, String sensor, String ch, List<RuleLevel> levels) {
            this(id, kind, sensor, ch, levels, Map.of());
        }
    }

    /** One alert level: exactly one of {@code above} and {@code below} is set. */
    public record RuleLevel(String name,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double above,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double below) {
    }

    /** A report without supervised parts (tools and tests that have none). */
    public StatusReport(String gw, String version, long now, long started, long uptimeS, List<Sensor> sensors,
                        List<Alarm> alarms, Uplink uplink, Backlog backlog, Store store, String localBroker,
                        ClockState clock) {
        this(gw, version, now, started, uptimeS, sensors, alarms, uplink, backlog, store, localBroker, clock, List.of());
    }

    /**
     * One supervised long-lived part (the uplink, the status server, the pipeline's flusher, the
     * outputs, the embedded broker, each driver).
     *
     * @param state     {@code running}, {@code restarting} or {@code dead}
     * @param restarts  restarts so far (for the flusher and the outputs: failed ticks)
     * @param lastError class and message of the last failure, or null
     */
    public record Part(String name, String state, long restarts, String lastError) {
    }

    /** Whether readings are stamped with a clock known to be right ({@code unsynced} otherwise). */
    public record ClockState(boolean synced, String reason) {
    }

    /** One sensor: its state, counters and the last reading of each channel. */
    public record Sensor(String id, String driver, String state, Long lastT, List<ChannelValue> last,
                         Map<String, Long> counters) {
    }

    /** The last value of one channel. */
    public record ChannelValue(String ch, double val, String q, long t) {
    }

    /** An active alarm; {@code shaking} for an earthquake trigger (onset, PGA, PGV, intensity so far). */
    public record Alarm(String rule, String level, int severity, String sensor, String ch, double value,
                        double threshold, long since, String acknowledgedBy,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        org.fieldgate.gateway.rules.seismic.Shaking shaking) {

        /** An alarm of a rule on scalar readings. */
        public Alarm(String rule, String level, int severity, String sensor, String ch, double value,
                     double threshold, long since, String acknowledgedBy) {
            this(rule, level, severity, sensor, ch, value, threshold, since, acknowledgedBy, null);
        }
    }

    /** The link to the network. */
    public record Uplink(boolean connected, String server, List<String> servers, Long lastConnected,
                         String lastError, long published, long acked, long reconnects, long inflight,
                         long ackTimeouts,
                         @com.fasterxml.jackson.annotation.JsonInclude(
                                 com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         Certificate certificate) {

        /** Without a client certificate. */
        public Uplink(boolean connected, String server, List<String> servers, Long lastConnected, String lastError,
                      long published, long acked, long reconnects, long inflight, long ackTimeouts) {
            this(connected, server, servers, lastConnected, lastError, published, acked, reconnects, inflight,
                    ackTimeouts, null);
        }
    }

    /**
     * The gateway's client certificate ({@code uplink.mqtt.tls.cert}).
     *
     * @param notAfter  its end (ms), or null when it cannot be read
     * @param daysLeft  whole days to its end (negative once ended), or null
     * @param renewSoon it ends within 30 days, has ended or cannot be read
     * @param error     why it cannot be read, or null
     */
    public record Certificate(String file, String subject, Long notAfter, Long daysLeft, boolean renewSoon,
                              String error) {
    }

    /**
     * What waits in the outbox.
     *
     * @param drainEstimateS at the rate the backlog shrank over the last minutes, the seconds until it
     *                       is sent; null while it does not shrink (no uplink, or nothing to catch up)
     */
    public record Backlog(long messages, long bytes, Long oldestAgeS, Long drainEstimateS) {

        public Backlog(long messages, long bytes, Long oldestAgeS) {
            this(messages, bytes, oldestAgeS, null);
        }
    }

    /**
     * The store on disk.
     *
     * @param writable        false while appends fail (disk full, I/O error)
     * @param unwritableSince when writes started to fail (ms), or null while writable
     * @param writeError      the last write failure while unwritable, or null
     * @param deadLetters     messages moved to the dead letters (the broker kept refusing them)
     * @param evictedMessages telemetry evicted unsent under the disk budget
     * @param evictedRanges   the most recent evicted seq ranges, {@code [first, last]}, oldest first
     * @param recovery        what was repaired when the store was opened, or null
     * @param alertsInMemory  alert events the store could not write, kept (and published) from memory
     */
    public record Store(String path, long sizeBytes, long maxSizeBytes, long lastSeq, long appendFailures,
                        boolean writable, Long unwritableSince, String writeError, long deadLetters,
                        long evictedMessages, List<long[]> evictedRanges, String recovery, int alertsInMemory) {

        public Store(String path, long sizeBytes, long maxSizeBytes, long lastSeq, long appendFailures,
                     boolean writable, Long unwritableSince, String writeError, long deadLetters,
                     long evictedMessages, List<long[]> evictedRanges, String recovery) {
            this(path, sizeBytes, maxSizeBytes, lastSeq, appendFailures, writable, unwritableSince, writeError,
                    deadLetters, evictedMessages, evictedRanges, recovery, 0);
        }

        /** A healthy store with nothing dead-lettered or evicted. */
        public Store(String path, long sizeBytes, long maxSizeBytes, long lastSeq, long appendFailures) {
            this(path, sizeBytes, maxSizeBytes, lastSeq, appendFailures, true, null, null, 0, 0, List.of(), null);
        }
    }
}
