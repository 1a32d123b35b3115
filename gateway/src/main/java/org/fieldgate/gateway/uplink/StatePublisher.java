package org.fieldgate.gateway.uplink;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.fieldgate.gateway.contract.ConfigIdentity;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway says about itself on the link, live and never from the outbox: the birth on
 * connect and the offline state on stop (QoS 1, retained on {@code R/G/state}, the will says the
 * same), and health (QoS 0 on {@code R/G/health}) on connect and every {@code health} interval.
 * Failures are only logged. Uplink thread only.
 */
final class StatePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);

    private final MqttTransport transport;
    private final MessageEncoder encoder;
    private final String stateTopic;
    private final String healthTopic;
    private final Duration healthInterval;
    private final Supplier<byte[]> health;
    private final String version;
    private final long startedAt;
    private long nextHealthNanos;
    private volatile ConfigIdentity config;

    /** The will every connect registers: the offline state, QoS 1, retained. */
    static MqttTransport.Will will(Topics topics, MessageEncoder encoder) {
        return new MqttTransport.Will(topics.state(), encoder.offline(), 1, true);
    }

    /**
     * @param health    builds the health payload (JSON bytes), or null for none
     * @param startedAt wall-clock ms of the start, for the birth
     */
    StatePublisher(MqttTransport transport, MessageEncoder encoder, Topics topics, Duration healthInterval,
                   Supplier<byte[]> health, String version, long startedAt) {
        this.transport = transport;
        this.encoder = encoder;
        this.stateTopic = topics.state();
        this.healthTopic = topics.health();
        this.healthInterval = healthInterval;
        this.health = health;
        this.version = version;
        this.startedAt = startedAt;
    }

    void describeConfig(ConfigIdentity c) {
        this.config = c;
    }

    String stateTopic() {
        return stateTopic;
    }

    String healthTopic() {
        return healthTopic;
    }

    /**
     * On a new connection: the birth, then one health message. {@code birthAcknowledged} runs on the
     * client's thread when the broker acknowledged the birth.
     */
    void announce(Runnable birthAcknowledged) {
        transport.publish(stateTopic, encoder.online(version, startedAt, config), 1, true).whenComplete((ok, error) -> {
            if (error == null) {
                birthAcknowledged.run();
            } else {
                LOG.debug("uplink: birth not delivered: {}", FailureText.describe(error));
            }
        });
        publishHealth();
        nextHealthNanos = System.nanoTime() + healthInterval.toNanos();
    }

    /** Publishes health when the interval has passed since the last one. */
    void healthIfDue() {
        if (System.nanoTime() - nextHealthNanos >= 0) {
            publishHealth();
            nextHealthNanos = System.nanoTime() + healthInterval.toNanos();
        }
    }

    /** Milliseconds until the next health message is due, at least 1. */
    long msToNextHealth() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHealthNanos - System.nanoTime()));
    }

    /** On stop: the offline state, waiting up to {@code waitMs} for its PUBACK. */
    void offline(long waitMs) {
        try {
            transport.publish(stateTopic, encoder.offline(), 1, true).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("uplink: offline state not acknowledged: {}", FailureText.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            transport.publish(healthTopic, payload, 0, false).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("uplink: health not delivered: {}", FailureText.describe(error));
                }
            });
        }
    }
}
