package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.drivers.testing.Await;
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
    /** Seqs whose PUBACK came, by the server that sent it. */
    private final java.util.Map<String, Set<Long>> ackedBy = new java.util.concurrent.ConcurrentHashMap<>();

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
        return uplink(servers, 8);
    }

    private Uplink uplink(List<String> servers, int window) {
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(servers, "ews", null, null, null, "it-gw1",
                Duration.ofSeconds(5), Duration.ofMinutes(1), window);
        uplink = new Uplink(mqtt, "gw1", "0.1.0-test", store, will -> {
            PahoMqttTransport t = (PahoMqttTransport) Uplink.pahoTransports(mqtt, "gw1", null).apply(will);
            transport.set(t);
            return new AckLog(t);
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
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/#").notTheContract());
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
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(store.deletedIds()).hasSize(22);
        assertThat(uplink.status().acked()).isEqualTo(22);

        Received birth = rec.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT);
        assertThat(birth.text()).startsWith("{\"v\":1,\"gw\":\"gw1\",\"online\":true,\"version\":\"0.1.0-test\",\"started\":");
        assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw1/health"), WAIT).text()).contains("\"up\":1");
    }

    @Test
    void everyMessageArrivesAcrossABrokerRestart() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.persistent().start());
        MqttRecorder rec = closeLater(MqttRecorder.subscribeDurable(broker.url(), "ews/gw1/telemetry/#", "it-central").notTheContract());
        uplink(List.of(broker.url())).start();
        Await.until("the uplink to connect", 60, () -> uplink.status().connected());

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
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
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
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(uplink.status().connected()).isTrue();
        assertThat(uplink.status().acked()).isEqualTo(5);
    }

    @Test
    void failsOverToTheSecondServer() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/#").notTheContract());
        String dead = "tcp://127.0.0.1:" + MosquittoBroker.freePort();
        append(Lane.ALERT, "ews/gw1/alert/flood");

        uplink(List.of(dead, broker.url())).start();

        rec.awaitCount("ews/gw1/alert/#", 1, WAIT);
        assertThat(uplink.status().server()).isEqualTo(broker.url());
        assertThat(uplink.status().lastError()).contains(dead);
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
    }

    @Test
    void birthIsRetainedAndTheWillAnnouncesALostGateway() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        uplink(List.of(broker.url())).start();
        Await.until("the uplink to connect", 60, () -> uplink.status().connected());

        // a subscriber that comes later still learns the gateway is online (retained birth)
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/state").notTheContract());
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
        Await.until("the uplink to connect", 60, () -> uplink.status().connected());
        uplink.close(Duration.ofSeconds(3));

        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/state").notTheContract());
        Received state = rec.awaitMessage(m -> true, WAIT);
        assertThat(state.retained()).isTrue();
        assertThat(state.text()).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":false}");
        assertThat(uplink.status().connected()).isFalse();
    }

    @Test
    void aNewAlertGoesOutAtOnceWhileA200kBacklogDrains() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        MqttRecorder alerts = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/alert/#").notTheContract());
        int backlog = 200_000;
        for (int i = 0; i < backlog; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of(broker.url()), 256).start();
        // draining at full speed
        Await.until("the backlog to start draining", 60, () -> store.size() < backlog - 5_000);

        List<Long> latenciesMicros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long raisedAt = System.nanoTime();
            long seq = store.append(Lane.ALERT, s -> List.of(new OutgoingMessage("ews/gw1/alert/flood", false,
                    ("{\"v\":1,\"gw\":\"gw1\",\"seq\":" + s + "}").getBytes(UTF_8))));
            uplink.wake();
            Received got = alerts.awaitMessage(m -> seq(m) == seq, WAIT);
            latenciesMicros.add((got.at() - raisedAt) / 1_000);
            Thread.sleep(50);
        }
        int left = store.size();
        List<Long> sorted = latenciesMicros.stream().sorted().toList();
        System.out.printf("alert latency while a %d-message backlog drains (window 256, %d still queued after the"
                        + " last alert): min %.1f ms, median %.1f ms, max %.1f ms%n", backlog, left,
                sorted.get(0) / 1000.0, sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
        assertThat(left).as("the backlog was still draining when the alerts went").isPositive();
        assertThat(sorted.get(sorted.size() - 1)).as("sanity bound, not a benchmark").isLessThan(2_000_000L);
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
    }

    @Test
    void aLinkWhosePubacksStallIsRebuiltAndNothingIsLost() throws Exception {
        MosquittoBroker broker = closeLater(MosquittoBroker.persistent().start());
        MqttRecorder rec = closeLater(MqttRecorder.subscribeDurable(broker.url(), "ews/gw1/telemetry/#", "it-central").notTheContract());
        uplink(List.of(broker.url()));
        uplink.ackTimeout(Duration.ofSeconds(2));
        uplink.start();
        Await.until("the uplink to connect", 60, () -> uplink.status().connected());

        broker.pause(); // SIGSTOP: the TCP connection stays open, nothing is acknowledged any more
        for (int i = 0; i < 50; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink.wake();
        Await.until("a PUBACK timeout", 60, () -> uplink.status().ackTimeouts() >= 1);
        assertThat(uplink.status().lastError()).contains("no PUBACK");
        assertThat(store.size()).isEqualTo(50);
        broker.resume();

        rec.await(all -> seqs(all).containsAll(range(1, 50)), Duration.ofSeconds(40));
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(uplink.status().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(uplink.status().deadLettered()).isZero();
    }

    @Test
    void aPoisonMessageTooBigForTheBrokerIsDeadLetteredAndTheRestArriveInOrder() throws Exception {
        // mosquitto 2.0 drops the client that sends a packet over max_packet_size (message_size_limit would
        // PUBACK and silently discard the message for MQTT 3.1.1 clients: a loss the gateway could not see)
        MosquittoBroker broker = closeLater(MosquittoBroker.withConfig("max_packet_size 1000").start());
        MqttRecorder rec = closeLater(MqttRecorder.subscribe(broker.url(), "ews/gw1/telemetry/#").notTheContract());
        for (int i = 1; i <= 21; i++) {
            String pad = i == 10 ? "x".repeat(5_000) : "";
            store.append(Lane.TELEMETRY, s -> List.of(new OutgoingMessage("ews/gw1/telemetry/wl1", false,
                    ("{\"v\":1,\"gw\":\"gw1\",\"seq\":" + s + ",\"pad\":\"" + pad + "\"}").getBytes(UTF_8))));
        }
        uplink(List.of(broker.url())).start();

        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(store.deadLetters()).containsOnlyKeys(10L);
        assertThat(uplink.status().deadLettered()).isEqualTo(1);
        List<Long> expected = new ArrayList<>(range(1, 21));
        expected.remove(Long.valueOf(10));
        rec.await(all -> seqs(all).containsAll(expected), WAIT);
        List<Long> firstArrivals = rec.messages().stream().map(UplinkIT::seq).distinct().toList();
        assertThat(firstArrivals).containsExactlyElementsOf(expected); // in order, only duplicates were resent
        assertThat(broker.log()).contains("oversize packet");
    }

    @Test
    void failsOverToTheSecondBrokerWhenTheFirstIsKilledMidDrainAndNothingIsMissing() throws Exception {
        MosquittoBroker a = closeLater(MosquittoBroker.started());
        MosquittoBroker b = closeLater(MosquittoBroker.started());
        MqttRecorder atA = closeLater(MqttRecorder.subscribe(a.url(), "ews/gw1/telemetry/#").notTheContract());
        MqttRecorder atB = closeLater(MqttRecorder.subscribe(b.url(), "ews/gw1/telemetry/#").notTheContract());
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of(a.url(), b.url()), 32).start();
        Await.until("the outbox to start draining", 60, () -> store.size() < n - 2_000);
        a.kill(); // SIGKILL mid-drain
        int leftAtKill = store.size();

        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(leftAtKill).as("killed mid-drain").isPositive();
        assertThat(uplink.status().server()).isEqualTo(b.url());
        Set<Long> union = new TreeSet<>(seqs(atA.messages()));
        union.addAll(seqs(atB.messages()));
        Set<Long> missing = new TreeSet<>(range(1, n));
        missing.removeAll(union);
        // A broker killed with SIGKILL loses what it had acknowledged and not yet passed on to its subscriber
        // (its queue towards a slower subscriber, easily 100+ messages): past PUBACK that is the broker's
        // responsibility (the MQTT hand-over point). The gateway must have lost nothing it still owned.
        Set<Long> ackedByA = ackedBy.getOrDefault(a.url(), Set.of());
        assertThat(missing).as("seqs missing at both subscribers that broker a never acknowledged")
                .isSubsetOf(ackedByA);
        assertThat(atB.messages()).isNotEmpty();
        System.out.printf("failover: %d at a before the kill, %d at b after it (%d duplicates); %d acknowledged"
                        + " by a but lost in a's kill%n", atA.messages().size(), atB.messages().size(),
                atA.messages().size() + atB.messages().size() - (n - missing.size()), missing.size());
    }

    @Test
    void reconnectsByHostNameResolvedOnEveryAttempt() throws Exception {
        // the URI keeps the host name; each attempt builds a fresh Paho client whose socket resolves it
        // again (see docs/uplink.md): here "localhost" across a broker restart
        MosquittoBroker broker = closeLater(MosquittoBroker.started());
        String byName = "tcp://localhost:" + broker.port();
        uplink(List.of(byName)).start();
        Await.until("the uplink to connect", 60, () -> uplink.status().connected());
        broker.restart();
        append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        uplink.wake();
        Await.until("the outbox to drain", 60, () -> store.size() == 0);
        assertThat(uplink.status().server()).isEqualTo(byName);
        assertThat(uplink.status().reconnects()).isGreaterThanOrEqualTo(1);
    }

    /** Passes everything on to the real transport and notes, per server, the seqs it acknowledged. */
    private final class AckLog implements MqttTransport {
        private final MqttTransport delegate;

        AckLog(MqttTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public void setConnectionListener(ConnectionListener listener) {
            delegate.setConnectionListener(listener);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> connect(String serverUri) {
            return delegate.connect(serverUri);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> publish(String topic, byte[] payload, int qos,
                                                                   boolean retained) {
            String at = delegate.server();
            java.util.concurrent.CompletableFuture<Void> f = delegate.publish(topic, payload, qos, retained);
            f.whenComplete((ok, error) -> {
                Matcher m = SEQ.matcher(new String(payload, UTF_8));
                if (error == null && at != null && m.find()) {
                    ackedBy.computeIfAbsent(at, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                            .add(Long.parseLong(m.group(1)));
                }
            });
            return f; // the transport's own future: it knows whether the packet was written
        }

        @Override
        public void watchWritten(java.util.concurrent.CompletableFuture<Void> publish) {
            delegate.watchWritten(publish);
        }

        @Override
        public boolean written(java.util.concurrent.CompletableFuture<Void> publish) {
            return delegate.written(publish);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> subscribe(String filter, int qos, MessageListener l) {
            return delegate.subscribe(filter, qos, l);
        }

        @Override
        public boolean isConnected() {
            return delegate.isConnected();
        }

        @Override
        public String server() {
            return delegate.server();
        }

        @Override
        public void disconnect(long timeoutMs) {
            delegate.disconnect(timeoutMs);
        }

        @Override
        public void abort() {
            delegate.abort();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

}
