package org.fieldgate.gateway.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.LocalBrokerSection;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.uplink.MqttTransport;
import org.fieldgate.gateway.uplink.PahoMqttTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LocalBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void fallsBackToAFreePortWhenTheConfiguredOneIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            try (LocalBroker broker = LocalBroker.start(
                    new LocalBrokerSection(true, new HostPort("127.0.0.1", port), true))) {
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
            assertThatThrownBy(() -> LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", port), false)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void fallsBackWhenAnotherMqttBrokerHoldsTheStandardPort() throws Exception {
        // on the development machines a system mosquitto listens on 127.0.0.1:1883
        Assumptions.assumeTrue(accepts(1883), "nothing listens on 127.0.0.1:1883 here");
        try (LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", 1883), true))) {
            assertThat(broker.address().port()).isNotEqualTo(1883);
            assertPublishSubscribeWorks(broker);
        }
    }

    @Test
    void bindsTheConfiguredPortWhenFreeAndReleasesItOnStop() throws Exception {
        int port = MosquittoBroker.freePort();
        LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", port), false));
        try {
            assertThat(broker.address()).isEqualTo(new HostPort("127.0.0.1", port));
            assertThat(accepts(port)).isTrue();
        } finally {
            broker.stop();
        }
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void carriesMessagesFarAboveMoquettesDefault8kLimit() throws Exception {
        try (LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", 0), false));
             MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#")) {
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), "big", new MemoryPersistence());
            client.connect(new MqttConnectOptions()).waitForCompletion(5_000);
            byte[] window = new byte[300_000]; // an event window part is at most ~100 KB
            java.util.Arrays.fill(window, (byte) '7');
            client.publish("ews/gw/event/quake", window, 1, false).waitForCompletion(5_000);
            assertThat(rec.awaitMessage(m -> m.topic().equals("ews/gw/event/quake"), WAIT).payload()).hasSize(300_000);
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void acceptsAClientWithoutClientId() throws Exception {
        try (LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", 0), false))) {
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
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/mosquitto_pub")),
                "mosquitto-clients not installed");
        try (LocalBroker broker = LocalBroker.start(new LocalBrokerSection(true, new HostPort("127.0.0.1", 0), false));
             MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#")) {
            String port = Integer.toString(broker.address().port());
            // no -i: the client sends an empty client id and lets the broker assign one
            assertThat(run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", "ews/cli", "-m", "hi", "-q", "1"))
                    .isZero();
            assertThat(rec.awaitMessage(m -> m.topic().equals("ews/cli"), WAIT).text()).isEqualTo("hi");
            // MQTT 5 is not spoken by Moquette 0.17
            assertThat(run("mosquitto_pub", "-V", "mqttv5", "-i", "v5", "-h", "127.0.0.1", "-p", port,
                    "-t", "ews/v5", "-m", "x")).isNotZero();
        }
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
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/#");
             PahoMqttTransport pub = new PahoMqttTransport("lb-it", new PahoMqttTransport.Options(Duration.ofSeconds(5),
                     Duration.ofSeconds(3), 10, null, null, null,
                     new MqttTransport.Will("ews/gw1/state", "{}".getBytes(UTF_8), 1, true)))) {
            pub.connect(broker.url()).get(5, TimeUnit.SECONDS);
            pub.publish("ews/gw1/telemetry/wl1", "{\"seq\":1}".getBytes(UTF_8), 1, false).get(5, TimeUnit.SECONDS);
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
