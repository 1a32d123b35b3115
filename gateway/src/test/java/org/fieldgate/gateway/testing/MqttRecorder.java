package org.fieldgate.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho subscriber that records every message on one topic filter (QoS 1), for assertions in
 * integration tests.
 *
 * <pre>{@code
 * try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/gw1/#")) {
 *     ...
 *     rec.awaitCount("ews/gw1/alert/#", 2, Duration.ofSeconds(10));
 *     Received birth = rec.awaitMessage(m -> m.topic().endsWith("/state") && m.text().contains("true"), TEN_S);
 * }
 * }</pre>
 *
 * {@link #subscribe} uses a clean session and subscribes again after Paho's automatic reconnect
 * (messages published while it was away are missed). {@link #subscribeDurable} uses a persistent
 * session: with a {@link MosquittoBroker#persistent()} broker nothing published while the recorder
 * or the broker was down is missed. The await methods throw {@link AssertionError} with what was
 * recorded when the condition does not hold in time.
 */
public final class MqttRecorder implements AutoCloseable {

    /** One received message. {@code at} is {@link System#nanoTime()} at arrival. */
    public record Received(String topic, byte[] payload, boolean retained, int qos, long at) {
        /** The payload as UTF-8. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return topic + (retained ? " (retained) " : " ") + text();
        }
    }

    private final MqttAsyncClient client;
    private final String filter;
    private final List<Received> messages = new ArrayList<>();
    private final ExecutorService resubscriber = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mqtt-recorder-resubscribe");
        t.setDaemon(true);
        return t;
    });

    private MqttRecorder(String serverUrl, String filter, String clientId, boolean durable) throws MqttException {
        this.filter = filter;
        this.client = new MqttAsyncClient(serverUrl, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect && !durable) {
                    // never call Paho on its own callback thread (LIBRARY-NOTES A.1)
                    resubscriber.execute(MqttRecorder.this::subscribeQuietly);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                record(new Received(topic, message.getPayload(), message.isRetained(), message.getQos(),
                        System.nanoTime()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(!durable);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1_000);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(5);
        connectAndSubscribe(options);
    }

    /**
     * Connects and subscribes; a connection lost on the way (seen once on a loaded CI machine, right
     * after CONNACK) gets two more tries, each reported on stderr so a broker that drops clients
     * still shows.
     */
    private void connectAndSubscribe(MqttConnectOptions options) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt == 1) {
                    client.connect(options).waitForCompletion(10_000);
                } else {
                    awaitReconnect(); // Paho's automatic reconnect is at work
                }
                client.subscribe(filter, 1).waitForCompletion(10_000);
                return;
            } catch (MqttException e) {
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
                System.err.println("MqttRecorder: connection lost while subscribing to " + filter + " (try "
                        + attempt + "), trying again: " + e);
                sleepQuietly(200);
            }
        }
    }

    private void awaitReconnect() throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            }
            sleepQuietly(50);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects with a clean session and subscribes to {@code filter}. */
    public static MqttRecorder subscribe(String serverUrl, String filter) {
        return open(serverUrl, filter, "recorder-" + UUID.randomUUID().toString().substring(0, 8), false);
    }

    /** Connects with a persistent session under {@code clientId} and subscribes to {@code filter}. */
    public static MqttRecorder subscribeDurable(String serverUrl, String filter, String clientId) {
        return open(serverUrl, filter, clientId, true);
    }

    private static MqttRecorder open(String serverUrl, String filter, String clientId, boolean durable) {
        try {
            return new MqttRecorder(serverUrl, filter, clientId, durable);
        } catch (MqttException e) {
            throw new IllegalStateException("recorder cannot subscribe to " + filter + " at " + serverUrl + ": " + e, e);
        }
    }

    /** Everything recorded so far, in arrival order. */
    public synchronized List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Recorded messages whose topic matches {@code topicFilter} (MQTT wildcards allowed). */
    public synchronized List<Received> messages(String topicFilter) {
        return messages.stream().filter(m -> MqttTopic.isMatched(topicFilter, m.topic())).collect(Collectors.toList());
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        messages.clear();
    }

    /** Waits until {@code condition} holds for everything recorded; returns that snapshot. */
    public List<Received> await(Predicate<List<Received>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<Received> snapshot = List.copyOf(messages);
                if (condition.test(snapshot)) {
                    return snapshot;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("condition not met within " + timeout + "; recorded "
                            + snapshot.size() + " on " + filter + ": " + summary(snapshot));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits for a message matching {@code predicate}; returns the first such. */
    public Received awaitMessage(Predicate<Received> predicate, Duration timeout) {
        return await(all -> all.stream().anyMatch(predicate), timeout).stream().filter(predicate).findFirst()
                .orElseThrow();
    }

    /** Waits until at least {@code count} messages on {@code topicFilter} were recorded; returns them. */
    public List<Received> awaitCount(String topicFilter, int count, Duration timeout) {
        await(all -> all.stream().filter(m -> MqttTopic.isMatched(topicFilter, m.topic())).count() >= count, timeout);
        return messages(topicFilter);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    /**
     * Disconnects; then fails when a message it received is not what docs/asyncapi.yaml says, so
     * every end-to-end test checks the contract on whatever it saw.
     */
    public void close() {
        resubscriber.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2_000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException ignored) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // best effort
        }
        List<String> problems = contractProblems();
        if (!problems.isEmpty()) {
            throw new AssertionError("messages not as docs/asyncapi.yaml says:\n  " + String.join("\n  ", problems));
        }
    }

    private synchronized void record(Received message) {
        messages.add(message);
        notifyAll();
    }

    /**
     * The messages received that are not what docs/asyncapi.yaml says (at most 20): the contract
     * test every end-to-end test runs. Commands are left out: they are the tests' own, sometimes
     * broken on purpose.
     */
    public List<String> contractProblems() {
        List<String> problems = new ArrayList<>();
        if (!checkContract) {
            return problems;
        }
        AsyncApiDocument contract = AsyncApiDocument.shared();
        for (Received m : messages()) {
            String channel = contract.channelOf(m.topic());
            if (channel != null && !channel.equals("command")) {
                String problem = contract.problem(m.topic(), m.payload());
                if (problem != null && problems.size() < 20) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    private volatile boolean checkContract = true;

    /**
     * For a test that publishes its own made-up payloads on the gateway's topics (the embedded
     * broker's tests): what this recorder receives is not checked against docs/asyncapi.yaml.
     */
    public MqttRecorder notTheContract() {
        checkContract = false;
        return this;
    }

    private void subscribeQuietly() {
        try {
            client.subscribe(filter, 1).waitForCompletion(10_000);
        } catch (MqttException e) {
            // the next reconnect tries again
        }
    }

    private static String summary(List<Received> messages) {
        int shown = Math.min(messages.size(), 20);
        String head = messages.subList(0, shown).stream().map(Received::toString).collect(Collectors.joining("; "));
        return messages.size() > shown ? head + "; … (" + (messages.size() - shown) + " more)" : head;
    }
}
