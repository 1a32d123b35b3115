package org.fieldgate.gateway.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.RetainedMessage;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's retained messages, bounded in count and payload bytes (Moquette's own store has no
 * bound, moquette#734). A message that would cross a bound is not retained (it is still delivered
 * live) and a warning says so; replacing or clearing a topic's message always works within the bytes.
 * Messages are kept at QoS 0, so a new subscriber gets them without a per-client queue.
 */
final class BoundedRetained implements IRetainedRepository {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRetained.class);

    private final int maxCount;
    private final long maxBytes;
    private final Map<Topic, RetainedMessage> messages = new HashMap<>();
    private long bytes;

    BoundedRetained(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code payload} as the retained message of {@code topic} (empty: clears it); false if over a bound. */
    synchronized boolean retain(String topic, byte[] payload) {
        Topic key = new Topic(topic);
        if (payload.length == 0) {
            cleanRetained(key);
            return true;
        }
        RetainedMessage old = messages.get(key);
        long oldBytes = old == null ? 0 : old.getPayload().length;
        if (old == null && messages.size() >= maxCount) {
            LOG.warn("local broker: not retaining {}: {} retained messages already (local_broker.max_retained)",
                    topic, messages.size());
            return false;
        }
        if (bytes - oldBytes + payload.length > maxBytes) {
            LOG.warn("local broker: not retaining {} ({} bytes): retained messages would exceed"
                    + " local_broker.max_retained_bytes ({})", topic, payload.length, maxBytes);
            return false;
        }
        messages.put(key, new RetainedMessage(key, MqttQoS.AT_MOST_ONCE, payload.clone()));
        bytes += payload.length - oldBytes;
        return true;
    }

    synchronized int count() {
        return messages.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void cleanRetained(Topic topic) {
        RetainedMessage old = messages.remove(topic);
        if (old != null) {
            bytes -= old.getPayload().length;
        }
    }

    /** Moquette calls this for a client's retained PUBLISH, which {@link SubscribeOnlyPolicy} never lets through. */
    @Override
    public void retain(Topic topic, MqttPublishMessage msg) {
        byte[] payload = new byte[msg.content().readableBytes()];
        msg.content().getBytes(msg.content().readerIndex(), payload);
        retain(topic.toString(), payload);
    }

    @Override
    public synchronized boolean isEmpty() {
        return messages.isEmpty();
    }

    @Override
    public synchronized List<RetainedMessage> retainedOnTopic(String filter) {
        Topic subscription = new Topic(filter);
        List<RetainedMessage> matching = new ArrayList<>();
        for (Map.Entry<Topic, RetainedMessage> e : messages.entrySet()) {
            if (e.getKey().match(subscription)) {
                matching.add(e.getValue());
            }
        }
        return matching;
    }
}
