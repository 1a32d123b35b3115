package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.OpenSslCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS against a mosquitto TLS listener, with a CA, a server and client certificates the test
 * makes with the {@code openssl} CLI (skipped when it is not installed).
 */
class UplinkTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private MosquittoBroker broker;
    private int tlsPort;
    private Uplink uplink;

    @BeforeEach
    void certificatesAndBroker() throws Exception {
        ca("ca");
        ca("other-ca");
        signed("server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        signed("client", "/CN=gw1", "ca", null);
        signed("stranger", "/CN=gw1", "other-ca", null);
        tlsPort = MosquittoBroker.freePort();
        broker = MosquittoBroker.withMutualTls(tlsPort, dir.resolve("ca.pem"), dir.resolve("server.pem"),
                dir.resolve("server.key")).start();
    }

    @AfterEach
    void stop() {
        if (uplink != null) {
            uplink.close(Duration.ofSeconds(2));
        }
        if (broker != null) {
            broker.close();
        }
    }

    private String tlsUrl() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    private Uplink uplink(UplinkSection.Tls tls) {
        return uplink(tlsUrl(), tls);
    }

    private Uplink uplink(String url, UplinkSection.Tls tls) {
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(List.of(url), "ews", tls, null, null, "tls-gw1",
                Duration.ofSeconds(5), Duration.ofMinutes(1), 8);
        uplink = new Uplink(mqtt, "gw1", "0.1.0-test", store, Uplink.pahoTransports(mqtt, "gw1", null),
                () -> null, Clock.systemUTC());
        uplink.backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        return uplink;
    }

    @Test
    void publishesOverMutualTls() throws Exception {
        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/gw1/#").notTheContract()) {
            store.append(Lane.ALERT, seq -> List.of(new OutgoingMessage("ews/gw1/alert/flood", false,
                    ("{\"seq\":" + seq + "}").getBytes(UTF_8))));
            uplink(new UplinkSection.Tls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key")))
                    .start();
            rec.awaitCount("ews/gw1/alert/#", 1, WAIT);
            Await.until("the outbox to drain", 20, () -> store.size() == 0);
            assertThat(uplink.status().connected()).isTrue();
            assertThat(uplink.status().server()).isEqualTo(tlsUrl());
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRejected() throws Exception {
        uplink(new UplinkSection.Tls(dir.resolve("ca.pem"), dir.resolve("stranger.pem"), dir.resolve("stranger.key")))
                .start();
        Await.until("the uplink to report an error", 20, () -> uplink.status().lastError() != null);
        Thread.sleep(500);
        String error = uplink.status().lastError();
        System.out.println("rejected client certificate: " + error);
        assertThat(uplink.status().connected()).isFalse();
        assertThat(error).contains(tlsUrl()).contains("TLS").contains("client certificate");
    }

    @Test
    void aWrongCaFileFailsServerVerification() throws Exception {
        uplink(new UplinkSection.Tls(dir.resolve("other-ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key")))
                .start();
        Await.until("the uplink to report an error", 20, () -> uplink.status().lastError() != null);
        String error = uplink.status().lastError();
        System.out.println("untrusted server: " + error);
        assertThat(uplink.status().connected()).isFalse();
        assertThat(error).contains(tlsUrl()).contains("not trusted").contains("other-ca.pem");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsNamedBeforeConnecting() throws Exception {
        uplink(new UplinkSection.Tls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("stranger.key")))
                .start();
        Await.until("the uplink to report an error", 20, () -> uplink.status().lastError() != null);
        assertThat(uplink.status().lastError())
                .contains("tls.key " + dir.resolve("stranger.key") + " does not match the certificate");
    }

    @Test
    void aServerCertificateForAnotherHostIsRefused() throws Exception {
        // signed by the trusted CA, valid, but for another host: only host name verification refuses it
        signed("elsewhere", "/CN=broker.elsewhere.example", "ca", "subjectAltName=DNS:broker.elsewhere.example");
        int port = MosquittoBroker.freePort();
        String url = "ssl://127.0.0.1:" + port;
        try (MosquittoBroker elsewhere = MosquittoBroker.withConfig(
                "listener " + port + " 127.0.0.1",
                "certfile " + dir.resolve("elsewhere.pem"),
                "keyfile " + dir.resolve("elsewhere.key")).start()) {
            uplink(url, new UplinkSection.Tls(dir.resolve("ca.pem"), null, null)).start();
            Await.until("the uplink to report an error", 20, () -> uplink.status().lastError() != null);
            Thread.sleep(500);
            String error = uplink.status().lastError();
            System.out.println("certificate for another host: " + error);
            assertThat(uplink.status().connected()).isFalse();
            assertThat(error).contains(url).contains("does not name the host");
        }
    }

    @Test
    void aServerCertificateNamingLocalhostIsAcceptedAtLocalhost() throws Exception {
        uplink("ssl://localhost:" + tlsPort,
                new UplinkSection.Tls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key")))
                .start();
        Await.until("the uplink to connect", 20, () -> uplink.status().connected());
        assertThat(uplink.status().server()).isEqualTo("ssl://localhost:" + tlsPort);
    }

    private void ca(String name) throws Exception {
        new OpenSslCa(dir).ca(name);
    }

    private void signed(String name, String subject, String ca, String extension) throws Exception {
        new OpenSslCa(dir).signed(name, subject, ca, extension);
    }
}
