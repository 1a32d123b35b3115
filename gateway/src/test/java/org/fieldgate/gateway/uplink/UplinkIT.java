package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.MqttRecorder.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The uplink against a real mosquitto. */
class UplinkIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicReference<PahoMqttTransport> transport = new AtomicReference<>();
    private Uplink uplink;

    @AfterEach
    void tearDown() throws Exception {
        if (uplink != null) {
            uplink.close(Duration.ofSeconds(3));
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    private Uplink uplink(List<String> servers) {
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(servers, "ews", null, null, null, "it-gw1",
                Duration.ofSeconds(5), Duration.ofMinutes(1), 8);
        uplink = new Uplink(mqtt, "gw1", "0.1.0-test", store, will -> {
            PahoMqttTransport t = (PahoMqttTransport) Uplink.pahoTransports(mqtt, "gw1", null).apply(will);
            transport.set(t);
            return t;
        }, () -> "{\"v\":1,\"gw\":\"gw1\",\"up\":1}".getBytes(UTF_8), Clock.systemUTC());
        uplink.backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        return uplink;
    }

    private void append(Lane lane, String topic) throws Exception {
        store.append(lane, seq -> List.of(new OutgoingMessage(topic, false,
                ("{\"v\":1,\"gw\":\"gw1\",\"seq\":" + seq + "}").getBytes(UTF_8))));
    }

    private static long seq(Received m) {
        Matcher matcher = SEQ.matcher(m.text());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static Set<Long> seqs(List<Received> messages) {
        Set<Long> out = new TreeSet<>();
        messages.forEach(m -> out.add(seq(m)));
        return out;
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> out = new TreeSet<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void drainsAlertsFirstThenTelemetryInOrderAndEmptiesTheOutbox() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/#"));
        for (int i = 0; i < 20; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        append(Lane.ALERT, "ews/gw1/alert/flood");
        append(Lane.ALERT, "ews/gw1/alert/air");

        uplink(List.of(broker.url())).start();

        List<Received> data = rec.awaitCount("ews/gw1/+/+", 22, WAIT).stream().toList();
        assertThat(data.subList(0, 2)).extracting(Received::topic)
                .containsExactly("ews/gw1/alert/flood", "ews/gw1/alert/air");
        assertThat(data.subList(2, 22)).extracting(UplinkIT::seq).containsExactlyElementsOf(range(1, 20));
        await(() -> store.size() == 0);
        assertThat(store.deletedIds()).hasSize(22);
        assertThat(uplink.status().acked()).isEqualTo(22);

        Received birth = rec.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT);
        assertThat(birth.text()).startsWith("{\"v\":1,\"gw\":\"gw1\",\"online\":true,\"version\":\"0.1.0-test\",\"started\":");
        assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw1/health"), WAIT).text()).contains("\"up\":1");
    }

    @Test
    void everyMessageArrivesAcrossABrokerRestart() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.persistent().start());
        MqttRecorder rec = closeLater(MqttRecorder.subscribeDurable(broker.url(), "ews/gw1/telemetry/#", "it-central"));
        uplink(List.of(broker.url())).start();
        await(() -> uplink.status().connected());

        // the pipeline keeps producing through the outage
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 120; i++) {
                    append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
                    uplink.wake();
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "producer");
        producer.start();
        rec.awaitCount("ews/gw1/telemetry/#", 20, WAIT);
        broker.stop();
        Thread.sleep(6_000);
        assertThat(uplink.status().connected()).isFalse();
        assertThat(store.size()).isPositive(); // the outage backlog waits in the outbox
        broker.start();
        producer.join();

        rec.await(all -> seqs(all).containsAll(range(1, 120)), Duration.ofSeconds(30));
        await(() -> store.size() == 0);
        assertThat(uplink.status().reconnects()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void firstConnectIsRetriedUntilTheBrokerComesUp() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.create()); // not running yet
        for (int i = 0; i < 5; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of(broker.url())).start();
        Thread.sleep(2_000);
        assertThat(uplink.status().connected()).isFalse();
        assertThat(uplink.status().lastError()).contains(broker.url());

        broker.start();
        await(() -> store.size() == 0);
        assertThat(uplink.status().connected()).isTrue();
        assertThat(uplink.status().acked()).isEqualTo(5);
    }

    @Test
    void failsOverToTheSecondServer() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/#"));
        String dead = "tcp://127.0.0.1:" + MosquittoBroker.freePort();
        append(Lane.ALERT, "ews/gw1/alert/flood");

        uplink(List.of(dead, broker.url())).start();

        rec.awaitCount("ews/gw1/alert/#", 1, WAIT);
        assertThat(uplink.status().server()).isEqualTo(broker.url());
        assertThat(uplink.status().lastError()).contains(dead);
        await(() -> store.size() == 0);
    }

    @Test
    void birthIsRetainedAndTheWillAnnouncesALostGateway() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        uplink(List.of(broker.url())).start();
        await(() -> uplink.status().connected());

        // a subscriber that comes later still learns the gateway is online (retained birth)
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/state"));
        Received birth = rec.awaitMessage(m -> m.text().contains("\"online\":true"), WAIT);
        assertThat(birth.retained()).isTrue();

        transport.get().abort(); // the link dies without DISCONNECT: the broker sends the will
        Received will = rec.awaitMessage(m -> m.text().equals("{\"v\":1,\"gw\":\"gw1\",\"online\":false}"), WAIT);
        assertThat(will.topic()).isEqualTo("ews/gw1/state");

        // and the uplink comes back and is born again
        rec.await(all -> all.indexOf(will) < all.size() - 1
                && all.get(all.size() - 1).text().contains("\"online\":true"), WAIT);
    }

    @Test
    void cleanStopLeavesOfflineRetainedOnState() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        uplink(List.of(broker.url())).start();
        await(() -> uplink.status().connected());
        uplink.close(Duration.ofSeconds(3));

        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/state"));
        Received state = rec.awaitMessage(m -> true, WAIT);
        assertThat(state.retained()).isTrue();
        assertThat(state.text()).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":false}");
        assertThat(uplink.status().connected()).isFalse();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
