package org.fieldgate.gateway.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.drivers.testing.RequiredTool;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.LocalBrokerSection;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.uplink.MqttTransport;
import org.fieldgate.gateway.uplink.PahoMqttTransport;
import org.junit.jupiter.api.Test;

class LocalBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GW_CLIENT = "fieldgate-gw1";

    @Test
    void fallsBackToAFreePortWhenTheConfiguredOneIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            try (LocalBroker broker = LocalBroker.start(
                    new LocalBrokerSection(true, new HostPort("127.0.0.1", port), true), GW_CLIENT)) {
                assertThat(broker.address().port()).isNotEqualTo(port).isPositive();
                assertThat(broker.address().host()).isEqualTo("127.0.0.1");
                assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.address().port());
                assertPublishSubscribeWorks(broker);
            }
        }
    }

    @Test
    void failsNamingTheAddressWhenTakenAndNoFallback() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", port), false), GW_CLIENT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void fallsBackWhenAnotherMqttBrokerHoldsTheConfiguredPort() throws Exception {
        // as on a site where a system mosquitto already listens on 1883 (a broker of the test's own)
        try (MosquittoBroker other = MosquittoBroker.started();
             LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true,
                     new HostPort("127.0.0.1", other.port()), true), GW_CLIENT)) {
            assertThat(broker.address().port()).isNotEqualTo(other.port());
            assertPublishSubscribeWorks(broker);
        }
    }

    @Test
    void bindsTheConfiguredPortWhenFreeAndReleasesItOnStop() throws Exception {
        int port = MosquittoBroker.freePort();
        LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", port), false), GW_CLIENT);
        try {
            assertThat(broker.address()).isEqualTo(new HostPort("127.0.0.1", port));
            assertThat(accepts(port)).isTrue();
        } finally {
            broker.stop();
        }
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void carriesTheGatewaysOwnMessagesFarAboveTheClientLimitAndRefusesOversizeClientPackets() throws Exception {
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT);
             MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract()) {
            MqttTransport gateway = connected(broker);
            byte[] window = new byte[300_000]; // an event window part is at most ~100 KB
            java.util.Arrays.fill(window, (byte) '7');
            gateway.publish("ews/gw/event/quake", window, 1, false).get(5, TimeUnit.SECONDS);
            assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw/event/quake"), WAIT).payload()).hasSize(300_000);

            // a client's packet above max_message (64 KB) fails the decoder: the connection is dropped
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), "big", new MemoryPersistence());
            client.connect(new MqttConnectOptions()).waitForCompletion(5_000);
            client.publish("lan/big", new byte[100_000], 0, false);
            long until = System.nanoTime() + WAIT.toNanos();
            while (client.isConnected() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(client.isConnected()).as("connected after a 100 KB packet").isFalse();
            client.close();
        }
    }

    @Test
    void outsideClientsMaySubscribeButNeverPublish() throws Exception {
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT);
             MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "#").notTheContract()) {
            PahoMqttTransport outside = pahoClient("lan-device", null, null);
            outside.connect(broker.url()).get(5, TimeUnit.SECONDS);
            outside.publish("ews/gw1/alarm/flood", "forged".getBytes(UTF_8), 0, true);
            outside.publish("lan/anything", "x".getBytes(UTF_8), 0, false);
            connected(broker).publish("ews/gw1/state", "real".getBytes(UTF_8), 1, true).get(5, TimeUnit.SECONDS);
            assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT).text()).isEqualTo("real");
            Thread.sleep(300);
            assertThat(rec.messages()).extracting(MqttRecorder.Received::topic).containsExactly("ews/gw1/state");
            outside.close();
        }
    }

    @Test
    void aClientsLastWillReachesNoOne() throws Exception {
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT);
             MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "#").notTheContract()) {
            // Moquette routes a will without asking the authorization policy
            PahoMqttTransport forger = new PahoMqttTransport("forger", new PahoMqttTransport.Options(
                    Duration.ofSeconds(5), Duration.ofSeconds(3), 10, null, null, null,
                    new MqttTransport.Will("ews/gw1/alarm/flood", "forged".getBytes(UTF_8), 1, true)));
            forger.connect(broker.url()).get(5, TimeUnit.SECONDS);
            forger.abort();
            forger.close();
            connected(broker).publish("ews/gw1/state", "real".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
            rec.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT);
            Thread.sleep(1_000);
            assertThat(rec.messages()).extracting(MqttRecorder.Received::text).containsExactly("real");
        }
    }

    @Test
    void anImpostorWithTheGatewaysIdReconnectingAgainAndAgainLeavesEveryClientServed() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")), "mosquitto-clients not installed");
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT)) {
            // six subscribers: Moquette spreads clients over one session loop per core, all are covered
            List<MqttRecorder> viewers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                viewers.add(MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract());
            }
            String port = Integer.toString(broker.address().port());
            for (int i = 0; i < 4; i++) {
                // mosquitto_sub reconnects at once each time it is dropped
                Process impostor = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-i", GW_CLIENT,
                        "-t", "ews/#", "-W", "2").start();
                assertThat(impostor.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(impostor.getInputStream().readAllBytes()).isEmpty();
            }
            assertThat(broker.alive()).isTrue();
            connected(broker).publish("ews/gw1/state", "still here".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
            for (MqttRecorder viewer : viewers) {
                assertThat(viewer.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT).text()).isEqualTo("still here");
                viewer.close();
            }
        }
    }

    @Test
    void aPasswordFileRefusesAWrongPasswordAndAdmitsTheRightOne() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd")), "mosquitto_passwd missing");
        Path dir = Files.createTempDirectory("lb-pass");
        Path file = dir.resolve("broker.passwd");
        assertThat(run("mosquitto_passwd", "-c", "-b", file.toString(), "crew", "right horse battery")).isZero();
        LocalBrokerSection cfg = new LocalBrokerSection(true, new HostPort("127.0.0.1", 0), false, file,
                LocalBrokerSection.Limits.DEFAULTS);
        try (LocalBroker broker = LocalBroker.start(cfg, GW_CLIENT)) {
            assertThatThrownBy(() -> pahoClient("c1", "crew", "wrong").connect(broker.url()).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("Bad user name or password");
            assertThatThrownBy(() -> pahoClient("c2", null, null).connect(broker.url()).get(5, TimeUnit.SECONDS))
                    .as("anonymous").hasMessageContaining("Bad user name or password");
            assertThatThrownBy(() -> pahoClient(GW_CLIENT, "crew", "right horse battery").connect(broker.url())
                    .get(5, TimeUnit.SECONDS)).as("the gateway's id").hasMessageContaining("Bad user name or password");
            try (PahoMqttTransport crew = pahoClient("c3", "crew", "right horse battery")) {
                crew.connect(broker.url()).get(5, TimeUnit.SECONDS);
                assertThat(crew.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aBindBeyondLoopbackWithoutPasswordFileDoesNotStart() {
        assertThatThrownBy(() -> LocalBroker.start(new LocalBrokerSection(true, new HostPort("0.0.0.0", 0), false),
                GW_CLIENT)).hasMessageContaining("local_broker.password_file");
    }

    @Test
    void clientsBeyondMaxConnectionsAreDisconnected() throws Exception {
        LocalBrokerSection.Limits two = new LocalBrokerSection.Limits(64 * 1024, 2, 10, 1 << 20);
        try (LocalBroker broker = LocalBroker.start(loopback(two), GW_CLIENT);
             MqttRecorder a = MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract();
             MqttRecorder b = MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract()) {
            MqttAsyncClient third = new MqttAsyncClient(broker.url(), "third", new MemoryPersistence());
            try {
                third.connect(new MqttConnectOptions()).waitForCompletion(5_000);
            } catch (org.eclipse.paho.client.mqttv3.MqttException dropped) {
                // dropped right after CONNACK, possibly before Paho completed the connect
            }
            long until = System.nanoTime() + WAIT.toNanos();
            while (third.isConnected() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(third.isConnected()).isFalse();
            third.close();
            assertThat(a.isConnected()).isTrue();
            assertThat(b.isConnected()).isTrue();
        }
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotStallTheGateway() throws Exception {
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT);
             Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", broker.address().port()), 2_000);
            // CONNECT (MQTT 3.1.1, clean session, id "stuck") and SUBSCRIBE ews/# at QoS 1; then never read
            stuck.getOutputStream().write(new byte[] {0x10, 17, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60,
                0, 5, 's', 't', 'u', 'c', 'k'});
            stuck.getOutputStream().write(new byte[] {(byte) 0x82, 10, 0, 1, 0, 5, 'e', 'w', 's', '/', '#', 1});
            stuck.getOutputStream().flush();
            Thread.sleep(500);
            MqttTransport gateway = connected(broker);
            byte[] payload = new byte[10_000];
            long started = System.nanoTime();
            for (int i = 0; i < 3_000; i++) { // 30 MB: half the gateway's heap
                gateway.publish("ews/gw1/telemetry/wl1", payload, 1, false).get(5, TimeUnit.SECONDS);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract()) {
                gateway.publish("ews/gw1/state", "still here".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
                assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw1/state"), WAIT).text()).isEqualTo("still here");
            }
        }
    }

    @Test
    void acceptsAClientWithoutClientId() throws Exception {
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT)) {
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), "", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options).waitForCompletion(5_000);
            assertThat(client.isConnected()).isTrue();
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void mosquittoCommandLineClientsWorkWithTheirDefaults() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")), "mosquitto-clients not installed");
        try (LocalBroker broker = LocalBroker.start(loopback(LocalBrokerSection.Limits.DEFAULTS), GW_CLIENT)) {
            String port = Integer.toString(broker.address().port());
            connected(broker).publish("ews/gw1/state", "hi".getBytes(UTF_8), 1, true).get(5, TimeUnit.SECONDS);
            // no -i: the client sends an empty client id and lets the broker assign one; the retained
            // message arrives with its retain flag (-R would skip it)
            Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "ews/#", "-C", "1",
                    "-W", "5", "-v").start();
            assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(sub.getInputStream().readAllBytes(), UTF_8)).isEqualTo("ews/gw1/state hi\n");
            // MQTT 5 is not spoken by Moquette 0.17
            assertThat(run("mosquitto_sub", "-V", "mqttv5", "-i", "v5", "-h", "127.0.0.1", "-p", port,
                    "-t", "ews/v5", "-C", "1", "-W", "3")).isNotZero();
        }
    }

    private static LocalBrokerSection loopback(LocalBrokerSection.Limits limits) {
        return new LocalBrokerSection(true, new HostPort("127.0.0.1", 0), false, null, limits);
    }

    private static MqttTransport connected(LocalBroker broker) throws Exception {
        MqttTransport t = broker.transport();
        t.connect(broker.url()).get(5, TimeUnit.SECONDS);
        return t;
    }

    private static PahoMqttTransport pahoClient(String id, String user, String password) {
        return new PahoMqttTransport(id, new PahoMqttTransport.Options(Duration.ofSeconds(5), Duration.ofSeconds(3), 10,
                user, password == null ? null : password.toCharArray(), null,
                new MqttTransport.Will("lan/" + id, "{}".getBytes(UTF_8), 0, false)));
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static void assertPublishSubscribeWorks(LocalBroker broker) throws Exception {
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#").notTheContract()) {
            connected(broker).publish("ews/gw1/telemetry/wl1", "{\"seq\":1}".getBytes(UTF_8), 1, false)
                    .get(5, TimeUnit.SECONDS);
            MqttRecorder.Received m = rec.awaitMessage(r -> r.topic().equals("ews/gw1/telemetry/wl1"), WAIT);
            assertThat(m.text()).isEqualTo("{\"seq\":1}");
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
