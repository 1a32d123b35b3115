package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UplinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private FakeTransport transport;
    private java.util.function.Predicate<String> autoAck = topic -> topic.equals("ews/gw1/state");
    private Uplink uplink;

    @AfterEach
    void stop() {
        if (uplink != null) {
            uplink.close(Duration.ofSeconds(2));
        }
    }

    private Uplink uplink(List<String> servers, int window) {
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(servers, "ews", null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), window);
        uplink = new Uplink(mqtt, "gw1", "1.2.3", store, will -> {
            transport = new FakeTransport(will, autoAck);
            return transport;
        }, () -> "{\"health\":1}".getBytes(UTF_8), CLOCK);
        uplink.backoff(Duration.ofMillis(10), Duration.ofMillis(50));
        return uplink;
    }

    private void append(Lane lane, String topic) throws Exception {
        store.append(lane, seq -> List.of(new OutgoingMessage(topic, false, ("{\"seq\":" + seq + "}").getBytes(UTF_8))));
    }

    @Test
    void registersRetainedOfflineWillAndPublishesBirthThenHealth() throws Exception {
        uplink(List.of("tcp://a"), 8).start();
        assertThat(transport.will.topic()).isEqualTo("ews/gw1/state");
        assertThat(new String(transport.will.payload(), UTF_8)).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":false}");
        assertThat(transport.will.qos()).isEqualTo(1);
        assertThat(transport.will.retained()).isTrue();

        transport.awaitPublishes("ews/gw1/health", 1);
        List<FakeTransport.Publish> all = transport.publishes();
        assertThat(all.get(0).topic()).isEqualTo("ews/gw1/state");
        assertThat(all.get(0).text())
                .isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":true,\"version\":\"1.2.3\",\"started\":1700000000000}");
        assertThat(all.get(0).retained()).isTrue();
        assertThat(all.get(0).qos()).isEqualTo(1);
        assertThat(all.get(1).topic()).isEqualTo("ews/gw1/health");
        assertThat(all.get(1).qos()).isZero();
        assertThat(all.get(1).text()).isEqualTo("{\"health\":1}");
    }

    @Test
    void alertsGoBeforeOlderTelemetry() throws Exception {
        for (int i = 0; i < 4; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        append(Lane.ALERT, "ews/gw1/alert/flood");
        append(Lane.ALERT, "ews/gw1/alert/air");
        uplink(List.of("tcp://a"), 16).start();

        List<FakeTransport.Publish> outbox = transport.awaitPublishes("ews/gw1/", 2 + 6).stream()
                .filter(p -> p.topic().contains("/alert/") || p.topic().contains("/telemetry/")).toList();
        assertThat(outbox).extracting(FakeTransport.Publish::text).containsExactly(
                "{\"seq\":5}", "{\"seq\":6}", "{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}", "{\"seq\":4}");
    }

    @Test
    void deletesOnlyAcknowledgedRows() throws Exception {
        for (int i = 0; i < 3; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 16).start();
        List<FakeTransport.Publish> sent = transport.awaitPublishes("ews/gw1/telemetry/", 3);

        sent.get(1).future().complete(null);
        Await.until("two rows left in the outbox", () -> store.size() == 2);
        assertThat(store.rows()).extracting(r -> r.seq()).containsExactly(1L, 3L);
        assertThat(uplink.status().acked()).isEqualTo(1);
        assertThat(uplink.status().inflight()).isEqualTo(2);
    }

    @Test
    void keepsAtMostTheWindowInFlight() throws Exception {
        for (int i = 0; i < 5; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 2).start();
        List<FakeTransport.Publish> first = transport.awaitPublishes("ews/gw1/telemetry/", 2);
        uplink.wake();
        Thread.sleep(300); // the loop has had many turns; the window must still hold it back
        assertThat(transport.publishes("ews/gw1/telemetry/")).hasSize(2);

        first.get(0).future().complete(null);
        List<FakeTransport.Publish> next = transport.awaitPublishes("ews/gw1/telemetry/", 3);
        assertThat(next.get(2).text()).isEqualTo("{\"seq\":3}");
    }

    @Test
    void resendsUnacknowledgedRowsAfterConnectionLoss() throws Exception {
        for (int i = 0; i < 3; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 16).start();
        List<FakeTransport.Publish> sent = transport.awaitPublishes("ews/gw1/telemetry/", 3);
        sent.get(0).future().complete(null);
        Await.until("two rows left in the outbox", () -> store.size() == 2);

        transport.drop();
        // row 2 was the oldest in flight when the link failed: it goes alone first (poison check)
        List<FakeTransport.Publish> again = transport.awaitPublishes("ews/gw1/telemetry/", 4);
        assertThat(again.get(3).text()).isEqualTo("{\"seq\":2}");
        again.get(3).future().complete(null);
        again = transport.awaitPublishes("ews/gw1/telemetry/", 5);
        assertThat(again.get(4).text()).isEqualTo("{\"seq\":3}");
        again.get(4).future().complete(null);
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deletedIds()).containsExactly(1L, 2L, 3L);
        assertThat(uplink.status().reconnects()).isEqualTo(1);
        assertThat(uplink.status().deadLettered()).isZero();
    }

    @Test
    void failsOverToTheNextServerAndRetriesFromTheFirst() throws Exception {
        uplink(List.of("tcp://a", "tcp://b"), 8);
        transport.unreachable("tcp://a");
        uplink.start();
        Await.until("the uplink to connect", () -> uplink.status().connected());
        assertThat(uplink.status().server()).isEqualTo("tcp://b");
        assertThat(transport.connects()).containsExactly("tcp://a", "tcp://b");
        assertThat(uplink.status().lastError()).contains("tcp://a");
    }

    @Test
    void retriesTheFirstConnectUntilABrokerAnswers() throws Exception {
        uplink(List.of("tcp://a"), 8);
        transport.unreachable("tcp://a");
        uplink.start();
        Await.until("three connect attempts", () -> transport.connects().size() >= 3);
        assertThat(uplink.status().connected()).isFalse();
    }

    @Test
    void wakeSendsANewAlertWithoutWaitingForThePoll() throws Exception {
        uplink(List.of("tcp://a"), 8).start();
        transport.awaitPublishes("ews/gw1/health", 1);
        append(Lane.ALERT, "ews/gw1/alert/flood");
        uplink.wake();
        assertThat(transport.awaitPublishes("ews/gw1/alert/", 1)).hasSize(1);
    }

    @Test
    void cleanCloseAnnouncesOfflineAndDisconnects() throws Exception {
        uplink(List.of("tcp://a"), 8).start();
        transport.awaitPublishes("ews/gw1/health", 1);
        uplink.close(Duration.ofSeconds(2));
        List<FakeTransport.Publish> state = transport.publishes("ews/gw1/state");
        assertThat(state).hasSize(2);
        assertThat(state.get(1).text()).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":false}");
        assertThat(state.get(1).retained()).isTrue();
        assertThat(transport.politelyDisconnected()).isTrue();
        assertThat(transport.closed()).isTrue();
        assertThat(uplink.status().connected()).isFalse();
    }

    @Test
    void cleanCloseSendsWhatWasStoredJustBeforeAndDeletesItOnItsPuback() throws Exception {
        autoAck = topic -> true;
        uplink(List.of("tcp://a"), 8).start();
        transport.awaitPublishes("ews/gw1/health", 1);
        Thread.sleep(150); // the uplink has filled and waits in its 500 ms poll
        // what the pipeline's last commit stores at a stop, with no wake and before the next poll
        append(Lane.TELEMETRY, "ews/gw1/mseed/seis1");
        append(Lane.TELEMETRY, "ews/gw1/mseed/seis1");
        uplink.close(Duration.ofSeconds(2));

        assertThat(transport.publishes("ews/gw1/mseed/seis1")).hasSize(2);
        List<FakeTransport.Publish> all = transport.publishes();
        assertThat(all.get(all.size() - 1).text()).as("offline comes last")
                .isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"online\":false}");
        assertThat(store.stats().messages()).as("acknowledged rows deleted before the stop ends").isZero();
    }

    @Test
    void anAlertGoesOutAtOnceWhileTheTelemetryWindowIsFullAndUnacknowledged() throws Exception {
        for (int i = 0; i < 50; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 4).start();
        transport.awaitPublishes("ews/gw1/telemetry/", 4);

        append(Lane.ALERT, "ews/gw1/alert/flood");
        uplink.wake();
        List<FakeTransport.Publish> alert = transport.awaitPublishes("ews/gw1/alert/", 1);
        assertThat(alert.get(0).text()).isEqualTo("{\"seq\":51}");
        // and the telemetry window still holds: nothing more of the backlog went
        assertThat(transport.publishes("ews/gw1/telemetry/")).hasSize(4);

        // more alerts than the reserve: the reserve is used up, the rest wait for PUBACKs
        for (int i = 0; i < InflightWindow.ALERT_RESERVE + 2; i++) {
            append(Lane.ALERT, "ews/gw1/alert/flood");
        }
        uplink.wake();
        transport.awaitPublishes("ews/gw1/alert/", InflightWindow.ALERT_RESERVE);
        Thread.sleep(200);
        assertThat(transport.publishes("ews/gw1/alert/")).hasSize(InflightWindow.ALERT_RESERVE);
        transport.publishes("ews/gw1/alert/").get(0).future().complete(null);
        assertThat(transport.awaitPublishes("ews/gw1/alert/", InflightWindow.ALERT_RESERVE + 1))
                .hasSize(InflightWindow.ALERT_RESERVE + 1);
        assertThat(transport.publishes("ews/gw1/telemetry/")).hasSize(4);
    }

    @Test
    void telemetryStaysOldestFirstWhenAlertsCutIn() throws Exception {
        for (int i = 0; i < 30; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 4).start();
        int acked = 0;
        for (int round = 0; round < 5; round++) {
            append(Lane.ALERT, "ews/gw1/alert/flood");
            uplink.wake();
            List<FakeTransport.Publish> tele = transport.awaitPublishes("ews/gw1/telemetry/", acked + 4);
            for (int i = acked; i < acked + 4; i++) {
                tele.get(i).future().complete(null);
            }
            acked += 4;
        }
        transport.awaitPublishes("ews/gw1/telemetry/", acked + 4);
        List<Long> seqs = transport.publishes("ews/gw1/telemetry/").stream()
                .map(p -> Long.parseLong(p.text().replaceAll("\\D", ""))).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(seqs.get(0)).isEqualTo(1L);
    }

    @Test
    void deletesAcknowledgedRowsInBatches() throws Exception {
        for (int i = 0; i < 20; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a"), 32).start();
        List<FakeTransport.Publish> sent = transport.awaitPublishes("ews/gw1/telemetry/", 20);
        sent.forEach(p -> p.future().complete(null));
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deletedIds()).hasSize(20);
        assertThat(store.deleteBatches()).hasSizeLessThan(20).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(store.deleteBatches().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
    }

    @Test
    void aLinkWhosePubacksStallIsTornDownAndEverythingGoesAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        }
        uplink(List.of("tcp://a", "tcp://b"), 8);
        uplink.ackTimeout(Duration.ofMillis(300));
        uplink.start();
        transport.awaitPublishes("ews/gw1/telemetry/", 3); // and no PUBACK ever comes

        Await.until("the stalled link to be aborted", () -> transport.aborts() == 1);
        assertThat(uplink.status().ackTimeouts()).isEqualTo(1);
        assertThat(uplink.status().lastError()).contains("no PUBACK");
        assertThat(uplink.status().deadLettered()).isZero(); // a stall blames the link, not the message

        // rebuilt: the rows go again and this time are acknowledged
        List<FakeTransport.Publish> again = transport.awaitPublishes("ews/gw1/telemetry/", 6);
        again.subList(3, 6).forEach(p -> p.future().complete(null));
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(transport.connects()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aMessageTheBrokerRefusesIsDeadLetteredAfterRefusalsInARowAndTheLaneFlowsOn() throws Exception {
        for (int i = 0; i < 10; i++) {
            append(Lane.TELEMETRY, "ews/gw1/telemetry/" + (i == 4 ? "poison" : "wl1"));
        }
        autoAck = topic -> topic.equals("ews/gw1/state") || topic.endsWith("/wl1");
        uplink(List.of("tcp://a"), 8);
        // a broker that acknowledges everything at once but drops the link whenever the poison arrives
        transport.dropLinkAfter(p -> p.topic().endsWith("/poison"));
        uplink.start();

        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deadLetters()).containsOnlyKeys(5L);
        assertThat(store.deadLetters().get(5L)).contains(RefusalJudge.MAX_REFUSALS + " times in a row");
        assertThat(store.deletedIds()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
        // the first drop only makes it a suspect (others were in flight); then MAX_REFUSALS alone
        assertThat(transport.publishes("ews/gw1/telemetry/poison")).hasSize(RefusalJudge.MAX_REFUSALS + 1);
        assertThat(uplink.status().deadLettered()).isEqualTo(1);
    }

    @Test
    void aBigMessageThatALinkKeepsCuttingMidWriteIsNeverDeadLettered() throws Exception {
        append(Lane.TELEMETRY, "ews/gw1/telemetry/big");
        append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();
        autoAck = topic -> healed.get() || topic.equals("ews/gw1/state") || topic.endsWith("/wl1");
        uplink(List.of("tcp://a"), 8);
        // a flapping link: it goes down whenever the big message is on the wire, before it is all written
        transport.dropLinkAfter(p -> p.topic().endsWith("/big"));
        transport.writtenWhen(p -> !p.topic().endsWith("/big"));
        uplink.start();

        transport.awaitPublishes("ews/gw1/telemetry/big", 4 * RefusalJudge.MAX_REFUSALS);
        assertThat(store.deadLetters()).isEmpty();
        assertThat(uplink.status().deadLettered()).isZero();
        assertThat(store.deliveryAttempts().get(1L).refusals()).isZero();
        assertThat(store.deliveryAttempts().get(1L).failures()).isGreaterThanOrEqualTo(4 * RefusalJudge.MAX_REFUSALS - 1);

        healed.set(true);
        transport.dropLinkAfter(p -> false); // the link heals
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deadLetters()).isEmpty();
    }

    @Test
    void refusalsAreKeptAcrossARestartAndARestartIsNoRefusal() throws Exception {
        append(Lane.TELEMETRY, "ews/gw1/telemetry/poison");
        append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        autoAck = topic -> topic.equals("ews/gw1/state") || topic.endsWith("/wl1");
        uplink(List.of("tcp://a"), 8);
        java.util.concurrent.atomic.AtomicInteger poisoned = new java.util.concurrent.atomic.AtomicInteger();
        FakeTransport first = transport;
        transport.dropLinkAfter(p -> {
            if (!p.topic().endsWith("/poison")) {
                return false;
            }
            if (poisoned.incrementAndGet() == 3) {
                first.unreachable("tcp://a"); // then the broker is gone for a while
            }
            return true;
        });
        uplink.start();
        // one drop as a suspect among others, then two refusals alone
        Await.until("two refusals in a row of outbox row 1", () -> store.deliveryAttempts()
                .getOrDefault(1L, new org.fieldgate.gateway.store.DeadLetters.Attempts(0, 0)).refusals() == 2);
        uplink.close(Duration.ofSeconds(2));
        assertThat(store.deadLetters()).isEmpty();

        // restarted: the count goes on from the store, and the stop itself counted nothing
        FakeTransport before = transport;
        uplink(List.of("tcp://a"), 8);
        transport.dropLinkAfter(p -> p.topic().endsWith("/poison"));
        uplink.start();
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deadLetters()).containsOnlyKeys(1L);
        int afterRestart = transport.publishes("ews/gw1/telemetry/poison").size();
        assertThat(before.publishes("ews/gw1/telemetry/poison").size() + afterRestart)
                .isLessThanOrEqualTo(RefusalJudge.MAX_REFUSALS + 2);
        assertThat(afterRestart).isEqualTo(RefusalJudge.MAX_REFUSALS - 2);
    }

    @Test
    void aMessageAboveTheBrokersLimitIsDeadLetteredWithoutBeingSent() throws Exception {
        store.append(Lane.TELEMETRY, seq -> List.of(new OutgoingMessage("ews/gw1/telemetry/wl1", false,
                ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(2_000) + "\"}").getBytes(UTF_8))));
        append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        autoAck = topic -> true;
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(List.of("tcp://a"), "ews", null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), 8, 1_000);
        uplink = new Uplink(mqtt, "gw1", "1.2.3", store, will -> {
            transport = new FakeTransport(will, autoAck);
            return transport;
        }, () -> "{\"health\":1}".getBytes(UTF_8), CLOCK);
        uplink.start();
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deadLetters()).containsOnlyKeys(1L);
        assertThat(store.deadLetters().get(1L)).contains("above the broker's limit of 1000 bytes")
                .contains("max_message_size");
        assertThat(transport.publishes("ews/gw1/telemetry/")).extracting(FakeTransport.Publish::text)
                .containsExactly("{\"seq\":2}");
    }

    @Test
    void aTopicTheClientRefusesIsDeadLetteredAtOnce() throws Exception {
        append(Lane.TELEMETRY, "ews/gw1/telemetry/bad");
        append(Lane.TELEMETRY, "ews/gw1/telemetry/wl1");
        uplink(List.of("tcp://a"), 8).start();
        List<FakeTransport.Publish> sent = transport.awaitPublishes("ews/gw1/telemetry/", 2);
        sent.get(0).future().completeExceptionally(new IllegalArgumentException("bad topic"));
        sent.get(1).future().complete(null);
        Await.until("the outbox to drain", () -> store.size() == 0);
        assertThat(store.deadLetters()).containsOnlyKeys(1L);
        assertThat(store.deadLetters().get(1L)).contains("bad topic");
    }

}
