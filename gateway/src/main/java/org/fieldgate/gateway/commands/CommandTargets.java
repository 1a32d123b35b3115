package org.fieldgate.gateway.commands;

import java.util.List;

/**
 * What the commands act on: the running gateway's parts, as the runtime offers them. Each method
 * answers a JSON text or an {@link Outcome}; none blocks for long.
 */
public interface CommandTargets {

    /** {@code ping}: version, uptime and the running config, as a JSON object. */
    String ping();

    /** {@code status}: what {@code GET /api/status} answers. */
    String status();

    /** {@code ack}: acknowledges the rule's active alarm as a crew would, by {@code by}. */
    Outcome acknowledge(String rule, String by);

    /** {@code selftest}: the gateway's own checks (config, store, disk, clock, sensors, uplink). */
    Outcome selftest();

    /** {@code dead-letters} with {@code action: list}: the dead-letter table as a JSON object. */
    String deadLetters();

    /** {@code dead-letters} with {@code action: requeue}: puts these seqs back in the outbox. */
    Outcome requeue(List<Long> seqs);

    /**
     * {@code config}: checks the YAML text, and when it is good writes it as a new version and asks
     * the gateway to switch to it. Answers {@code rejected} with every problem, or {@code accepted};
     * the final reply ({@code done} or {@code rolled_back}) comes after probation.
     */
    Outcome config(String yaml, String commandId, String by);
}
