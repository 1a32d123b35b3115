package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PahoMqttTransportIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MqttTransport.Will WILL =
            new MqttTransport.Will("t/gw1/state", "{\"online\":false}".getBytes(UTF_8), 1, true);

    private MosquittoBroker broker;
    private PahoMqttTransport transport;

    @BeforeEach
    void startBroker() {
        broker = MosquittoBroker.started();
        transport = new PahoMqttTransport("it-gw1", new PahoMqttTransport.Options(Duration.ofSeconds(5),
                Duration.ofSeconds(3), 10, null, null, null, WILL));
    }

    @AfterEach
    void stopBroker() {
        if (transport != null) {
            transport.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void publishesQos1AndCompletesOnPuback() throws Exception {
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "t/#").notTheContract()) {
            transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
            assertThat(transport.isConnected()).isTrue();
            assertThat(transport.server()).isEqualTo(broker.url());

            transport.publish("t/gw1/telemetry/wl1", "{\"seq\":1}".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
            transport.publish("t/gw1/alarm/flood", "{\"seq\":2}".getBytes(UTF_8), 1, true).get(5, TimeUnit.SECONDS);

            rec.awaitCount("t/#", 2, WAIT);
            assertThat(rec.messages()).extracting(MqttRecorder.Received::topic, MqttRecorder.Received::text)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("t/gw1/telemetry/wl1", "{\"seq\":1}"),
                            org.assertj.core.groups.Tuple.tuple("t/gw1/alarm/flood", "{\"seq\":2}"));
        }
        // the retain flag reached the broker: a late subscriber gets the alarm as retained
        try (MqttRecorder late = MqttRecorder.subscribe(broker.url(), "t/gw1/alarm/#").notTheContract()) {
            MqttRecorder.Received alarm = late.awaitMessage(m -> true, WAIT);
            assertThat(alarm.retained()).isTrue();
            assertThat(alarm.text()).isEqualTo("{\"seq\":2}");
        }
    }

    @Test
    void publishWithoutConnectionFailsAtOnce() {
        CompletableFuture<Void> f = transport.publish("t/x", new byte[] {1}, 1, false);
        assertThat(f).isCompletedExceptionally();
        assertThat(transport.isConnected()).isFalse();
        assertThat(transport.server()).isNull();
    }

    @Test
    void connectToDeadPortFails() {
        int dead = MosquittoBroker.freePort();
        assertThatThrownBy(() -> transport.connect("tcp://127.0.0.1:" + dead).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(transport.isConnected()).isFalse();
    }

    @Test
    void brokerPublishesWillWhenConnectionDropsAbruptly() throws Exception {
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "t/gw1/state").notTheContract()) {
            transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
            transport.abort();
            MqttRecorder.Received will = rec.awaitMessage(m -> m.text().equals("{\"online\":false}"), WAIT);
            assertThat(will.topic()).isEqualTo("t/gw1/state");
        }
    }

    @Test
    void politeDisconnectDoesNotSendWill() throws Exception {
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "t/#").notTheContract()) {
            transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
            transport.publish("t/marker", "before".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
            transport.disconnect(2_000);
            assertThat(transport.isConnected()).isFalse();
            // a marker from a second client, published after the disconnect, arrives; no will before it
            try (PahoMqttTransport other = new PahoMqttTransport("it-other", new PahoMqttTransport.Options(
                    Duration.ofSeconds(5), Duration.ofSeconds(3), 10, null, null, null, null))) {
                other.connect(broker.url()).get(5, TimeUnit.SECONDS);
                other.publish("t/marker", "after".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
            }
            rec.awaitMessage(m -> m.text().equals("after"), WAIT);
            assertThat(rec.messages("t/gw1/state")).isEmpty();
        }
    }

    @Test
    void pendingPublishFailsWhenConnectionIsLostAndListenerIsTold() throws Exception {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        AtomicReference<String> listenerThread = new AtomicReference<>();
        transport.setConnectionListener(cause -> {
            listenerThread.set(Thread.currentThread().getName());
            lost.set(cause == null ? new RuntimeException("null cause") : cause);
        });
        transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
        broker.pause(); // no PUBACK will come
        CompletableFuture<Void> pending = transport.publish("t/x", new byte[] {1}, 1, false);
        Thread.sleep(300);
        assertThat(pending).isNotDone();
        broker.kill(); // the TCP connection is reset
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lost.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lost.get()).isNotNull();
        assertThat(listenerThread.get()).startsWith("mqtt-events-");
        assertThat(transport.isConnected()).isFalse();
    }

    @Test
    void reconnectsWithAFreshClientAfterBrokerRestart() throws Exception {
        transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
        broker.restart();
        transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
        transport.publish("t/y", new byte[] {2}, 1, false).get(5, TimeUnit.SECONDS);
        assertThat(transport.isConnected()).isTrue();
    }

    @Test
    void aFloodOfReceivedMessagesBehindAStuckListenerIsBoundedNotQueued() throws Exception {
        transport.connect(broker.url()).get(5, TimeUnit.SECONDS);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        transport.subscribe("t/gw1/cmd/+", 0, (topic, payload, retained) -> {
            try {
                release.await(); // a listener that does not keep up at all
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.incrementAndGet();
        }).get(5, TimeUnit.SECONDS);
        int sent = PahoMqttTransport.MAX_PENDING_MESSAGES * 3;
        try (PahoMqttTransport flood = new PahoMqttTransport("it-flood", new PahoMqttTransport.Options(
                Duration.ofSeconds(5), Duration.ofSeconds(3), 10, null, null, null, null))) {
            flood.connect(broker.url()).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < sent; i++) {
                flood.publish("t/gw1/cmd/ping", new byte[100], 0, false);
            }
            flood.publish("t/gw1/cmd/ping", new byte[100], 1, false).get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(1000); // let the broker deliver what it will: beyond the bound it is dropped, not queued
        release.countDown();
        transport.publish("t/gw1/health", "{}".getBytes(UTF_8), 1, false).get(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(delivered.get()).as("at most the bound (+1 in the listener) of " + sent)
                .isLessThanOrEqualTo(PahoMqttTransport.MAX_PENDING_MESSAGES + 1).isPositive();
    }
}
