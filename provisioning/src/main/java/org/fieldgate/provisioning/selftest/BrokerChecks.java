package org.fieldgate.provisioning.selftest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.uplink.PahoMqttTransport;
import org.fieldgate.gateway.uplink.PemTls;

/**
 * The uplink's lines: for each broker, a TCP connection, for {@code ssl://} the TLS handshake with
 * the site's CA and client certificate (the broker's name checked as Paho checks it), and once per
 * site a test message published (QoS 1) to {@code {root}/{gw}/selftest} and read back, with the
 * gateway's credentials under the client id {@code <client_id>-selftest}.
 */
final class BrokerChecks {

    private final UplinkSection.Mqtt mqtt;
    private final String gatewayId;
    private final Duration timeout;
    private final Clock clock;

    BrokerChecks(UplinkSection.Mqtt mqtt, String gatewayId, Duration timeout, Clock clock) {
        this.mqtt = mqtt;
        this.gatewayId = gatewayId;
        this.timeout = timeout;
        this.clock = clock;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        if (mqtt.servers().isEmpty()) {
            checks.add(Check.skip("broker", "no uplink.mqtt.servers: the site runs alone"));
            return checks;
        }
        String reachable = null;
        for (String server : mqtt.servers()) {
            Check tcp = tcp(server);
            checks.add(tcp);
            if (tcp.failed()) {
                continue;
            }
            if (server.startsWith("ssl://")) {
                Check tls = tls(server);
                checks.add(tls);
                if (tls.failed()) {
                    continue;
                }
            }
            if (reachable == null) {
                reachable = server;
            }
        }
        if (reachable == null) {
            checks.add(Check.fail("publish and read back", "no broker reachable", "fix the lines above first"));
        } else {
            checks.add(publishAndReadBack(reachable));
        }
        return checks;
    }

    private Check tcp(String server) {
        String name = "broker TCP " + server;
        URI uri = URI.create(server);
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
            return Check.pass(name, "connected in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        } catch (IOException e) {
            return Check.fail(name, e.getClass().getSimpleName() + ": " + e.getMessage(), "check the site's network "
                    + "(ip route, the modem's APN), DNS (getent hosts " + uri.getHost() + ") and the firewall towards port "
                    + uri.getPort());
        }
    }

    private Check tls(String server) {
        String name = "broker TLS " + server;
        URI uri = URI.create(server);
        UplinkSection.Tls tls = mqtt.tls();
        SSLSocketFactory factory;
        try {
            factory = tls != null && tls.ca() != null ? PemTls.socketFactory(tls.ca(), tls.cert(), tls.key(), clock)
                    : (SSLSocketFactory) SSLSocketFactory.getDefault();
        } catch (IOException e) {
            return Check.fail(name, e.getMessage(), "fix the file named (fieldgate check names every TLS problem)");
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket s = (SSLSocket) factory.createSocket(plain, uri.getHost(), uri.getPort(), false)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                X509Certificate broker = (X509Certificate) s.getSession().getPeerCertificates()[0];
                boolean mutual = s.getSession().getLocalCertificates() != null;
                return Check.pass(name, s.getSession().getProtocol() + ", broker " + broker.getSubjectX500Principal()
                        .getName() + (mutual ? ", with the gateway's certificate" : ", no client certificate"));
            }
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Check.fail(name, "handshake failed: " + why, why.contains("certificate_required")
                    || why.contains("bad_certificate") ? "the broker wants the gateway's certificate: "
                    + "fieldgate-provision identity, then install-cert" : why.contains("No subject alternative")
                    ? "the broker's certificate does not name " + uri.getHost() + ": use the name it was issued for"
                    : "check tls.ca is the CA that signed the broker's certificate, and the clock");
        }
    }

    private Check publishAndReadBack(String server) {
        String name = "publish and read back";
        String topic = mqtt.topicRoot() + "/" + gatewayId + "/selftest";
        String nonce = UUID.randomUUID().toString();
        byte[] payload = ("{\"v\":1,\"gw\":\"" + gatewayId + "\",\"t\":" + clock.millis() + ",\"nonce\":\"" + nonce
                + "\"}").getBytes(StandardCharsets.UTF_8);
        char[] password;
        try {
            password = mqtt.readPassword();
        } catch (IOException e) {
            return Check.fail(name, "cannot read uplink.mqtt.password_file: " + e.getMessage(),
                    "make it readable by the fieldgate user (chmod 640, chgrp fieldgate)");
        }
        PahoMqttTransport client = new PahoMqttTransport(mqtt.clientIdFor(gatewayId) + "-selftest",
                new PahoMqttTransport.Options(Duration.ofSeconds(30), timeout, 4, mqtt.username(), password,
                        mqtt.tls(), null));
        try {
            long start = System.nanoTime();
            client.connect(server).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            CompletableFuture<Void> back = new CompletableFuture<>();
            client.subscribe(topic, 1, (t, body, retained) -> {
                if (new String(body, StandardCharsets.UTF_8).contains(nonce)) {
                    back.complete(null);
                }
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            client.publish(topic, payload, 1, false).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            back.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Check.pass(name, topic + " on " + server + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        } catch (ExecutionException e) {
            String why = String.valueOf(e.getCause().getMessage());
            return Check.fail(name, server + ": " + why, why.contains("authori") || why.contains("Not authorized")
                    || why.contains("password") ? "check uplink.mqtt.username and password_file (or the certificate)"
                    + " with the network's operators" : "check the broker lets the gateway publish and subscribe "
                    + "to " + topic);
        } catch (TimeoutException e) {
            return Check.fail(name, "no answer within " + timeout.toSeconds() + " s on " + server + " (" + topic + ")",
                    "the broker's ACL must let the gateway read and write " + topic + "; check with the network's "
                    + "operators");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(name, "interrupted", "run the selftest again");
        } finally {
            client.abort();
            client.close();
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    /** The gateway's client certificate: more than {@code warning} from its end. */
    static Check certificate(UplinkSection.Tls tls, Clock clock, Duration warning) {
        if (tls == null || tls.cert() == null) {
            return null;
        }
        try {
            X509Certificate cert = PemTls.leafCertificate(tls.cert());
            Instant end = cert.getNotAfter().toInstant();
            long days = Duration.between(clock.instant(), end).toDays();
            String detail = cert.getSubjectX500Principal().getName() + ", valid until " + end + " (" + days + " days)";
            if (clock.instant().isAfter(end)) {
                return Check.fail("certificate", detail, "expired: fieldgate-provision identity, send the CSR to the "
                        + "network's CA, then install-cert");
            }
            if (Duration.between(clock.instant(), end).compareTo(warning) < 0) {
                return Check.fail("certificate", detail, "ends within " + warning.toDays() + " days: fieldgate-provision "
                        + "identity, send the CSR to the network's CA, then install-cert");
            }
            return Check.pass("certificate", detail);
        } catch (IOException e) {
            return Check.fail("certificate", e.getMessage(), "fieldgate-provision install-cert the certificate the CA "
                    + "returned");
        }
    }
}
