package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.testing.FlappingProxy;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a flapping 4G link (a proxy that cuts every connection every 3–8 s, mid-message, and
 * passes about 16 KB/s upward) while event-window parts (30 KB, alert lane) and 1000-reading
 * batches (about 55 KB) flow. Nothing may be dead-lettered and every seq must reach a subscriber
 * connected straight to the broker. Runs {@code -Dfieldgate.flapping.seconds=N} seconds
 * (default 75; 300 for the run the issue asks for).
 */
class UplinkFlappingLinkIT {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aFlappingLinkDeadLettersNothingAndEverySeqArrives() throws Exception {
        long seconds = Long.getLong("fieldgate.flapping.seconds", 75);
        NavigableSet<Long> received = new ConcurrentSkipListSet<>();
        NavigableSet<Long> appended = new TreeSet<>();
        try (MosquittoBroker broker = MosquittoBroker.started();
             FlappingProxy link = new FlappingProxy(broker.port(), 16 * 1024, 3_000, 8_000, 10);
             SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("store.db"), Clock.systemUTC())) {
            MqttAsyncClient central = subscriber(broker.url(), received);
            UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(List.of(link.url()), "ews", null, null, null, "flap-gw1",
                    Duration.ofSeconds(5), Duration.ofMinutes(1), 64);
            Uplink uplink = new Uplink(mqtt, "gw1", "test", store, Uplink.pahoTransports(mqtt, "gw1", null),
                    null, Clock.systemUTC());
            uplink.backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
            uplink.start();
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                for (int tick = 0; System.nanoTime() < end; tick++) {
                    appended.add(store.append(Lane.TELEMETRY, seq -> List.of(message("telemetry/wl1", seq, 1))));
                    if (tick % 5 == 3) {
                        appended.add(store.append(Lane.TELEMETRY, seq -> List.of(message("telemetry/wl1", seq, 1000))));
                    }
                    if (tick % 10 == 7) {
                        appended.add(store.append(Lane.ALERT, seq -> List.of(eventPart(seq))));
                    }
                    uplink.wake();
                    Thread.sleep(1_000);
                }
                int cuts = link.cuts();
                link.heal();
                long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                while (store.stats().messages() > 0 && System.nanoTime() < drainEnd) {
                    Thread.sleep(200);
                }
                long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!received.containsAll(appended) && System.nanoTime() < waitEnd) {
                    Thread.sleep(100);
                }
                System.out.printf("flapping link: %d s, %d connections cut, %d messages, %d reconnects,"
                                + " %d dead-lettered%n", seconds, cuts, appended.size(), uplink.status().reconnects(),
                        uplink.status().deadLettered());
                assertThat(cuts).as("the link was cut").isGreaterThanOrEqualTo((int) (seconds / 8));
                assertThat(store.listDeadLetters()).as("dead letters").isEmpty();
                assertThat(uplink.status().deadLettered()).isZero();
                NavigableSet<Long> missing = new TreeSet<>(appended);
                missing.removeAll(received);
                assertThat(missing).as("seqs that never reached the central subscriber").isEmpty();
                assertThat(store.stats().messages()).isZero();
            } finally {
                uplink.close(Duration.ofSeconds(3));
                central.disconnectForcibly(1_000);
                central.close();
            }
        }
    }

    /** A telemetry batch of {@code readings} readings (about 55 bytes each). */
    private static OutgoingMessage message(String topic, long seq, int readings) {
        StringBuilder b = new StringBuilder("{\"v\":1,\"gw\":\"gw1\",\"seq\":").append(seq)
                .append(",\"sensor\":\"wl1\",\"readings\":[");
        for (int i = 0; i < readings; i++) {
            b.append(i == 0 ? "" : ",").append("{\"t\":").append(1_700_000_000_000L + i * 1000L)
                    .append(",\"ch\":\"stage_m\",\"val\":9.61,\"q\":\"ok\"}");
        }
        return new OutgoingMessage("ews/gw1/" + topic, false, b.append("]}").toString().getBytes(UTF_8));
    }

    /** An event-window part: about 30 KB of samples. */
    private static OutgoingMessage eventPart(long seq) {
        StringBuilder b = new StringBuilder("{\"v\":1,\"gw\":\"gw1\",\"seq\":").append(seq)
                .append(",\"rule\":\"quake\",\"part\":1,\"ch\":{\"z\":[");
        for (int i = 0; b.length() < 30_000; i++) {
            b.append(i == 0 ? "" : ",").append(0.001234 * (i % 97));
        }
        return new OutgoingMessage("ews/gw1/event/quake", false, b.append("]}}").toString().getBytes(UTF_8));
    }

    private static MqttAsyncClient subscriber(String url, NavigableSet<Long> seqs) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(url, "central-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] p = message.getPayload();
                Matcher m = SEQ.matcher(new String(p, 0, Math.min(p.length, 80), UTF_8));
                if (m.find()) {
                    seqs.add(Long.parseLong(m.group(1)));
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe("ews/gw1/#", 1).waitForCompletion(10_000);
        return c;
    }
}
