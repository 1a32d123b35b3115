package org.fieldgate.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.fieldgate.drivers.testing.HandClock;
import org.fieldgate.gateway.contract.HealthMessage;
import org.fieldgate.gateway.status.StatusReport;
import org.fieldgate.gateway.status.StatusServerTestReports;
import org.fieldgate.gateway.testing.OpenSslCa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client certificate's end in status, health and metrics, with the renewal warning 30 days ahead. */
class ClientCertificateTest {

    @TempDir
    Path dir;

    private Path cert;
    private Instant notAfter;

    @BeforeEach
    void certificate() throws Exception {
        OpenSslCa ca = new OpenSslCa(dir);
        ca.ca("ca");
        cert = ca.signed("gw", "/CN=gw-1", "ca", null); // valid two days
        notAfter = PemTls.leafCertificate(cert).getNotAfter().toInstant();
    }

    @Test
    void twoDaysFromItsEndItIsTimeToRenew() {
        HandClock clock = new HandClock(notAfter.minus(Duration.ofHours(36)).toEpochMilli());
        ClientCertificate.State c = new ClientCertificate(cert, clock).status();
        assertThat(c.subject()).isEqualTo("CN=gw-1");
        assertThat(c.notAfter()).isEqualTo(notAfter.toEpochMilli());
        assertThat(c.daysLeft()).isEqualTo(1);
        assertThat(c.renewSoon()).isTrue();
        assertThat(c.error()).isNull();
    }

    @Test
    void moreThanThirtyDaysAheadAllIsWellAndARenewedFileIsReadAgain() throws Exception {
        HandClock clock = new HandClock(notAfter.minus(Duration.ofDays(45)).toEpochMilli());
        ClientCertificate watched = new ClientCertificate(cert, clock);
        assertThat(watched.status().renewSoon()).isFalse();
        assertThat(watched.status().daysLeft()).isEqualTo(45);

        Files.writeString(cert, "not a certificate any more");
        Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(watched.status().subject()).as("read at most once a minute").isEqualTo("CN=gw-1");
        clock.millis += ClientCertificate.RECHECK.toMillis();
        ClientCertificate.State broken = watched.status();
        assertThat(broken.notAfter()).isNull();
        assertThat(broken.renewSoon()).isTrue();
        assertThat(broken.error()).contains("tls.cert").contains(cert.toString());
    }

    @Test
    void noClientCertificateShowsNothing() {
        assertThat(new ClientCertificate(null, new HandClock(0)).status()).isNull();
    }

    @Test
    void healthAndMetricsShowIt() throws Exception {
        HandClock clock = new HandClock(notAfter.minus(Duration.ofDays(10)).toEpochMilli());
        ClientCertificate.State c = new ClientCertificate(cert, clock).status();
        StatusReport r = withCertificate(StatusServerTestReports.report(), new StatusReport.Certificate(c.file(),
                c.subject(), c.notAfter(), c.daysLeft(), c.renewSoon(), c.error()));

        JsonNode health = new ObjectMapper().readTree(HealthMessage.write(r)).path("uplink").path("certificate");
        assertThat(health.path("days_left").asLong()).isEqualTo(10);
        assertThat(health.path("renew_soon").asBoolean()).isTrue();
        assertThat(health.path("not_after").asLong()).isEqualTo(notAfter.toEpochMilli());
        assertThat(StatusServerTestReports.metrics(r)).contains("fieldgate_client_certificate_not_after_seconds "
                + (double) notAfter.getEpochSecond());
    }

    private static StatusReport withCertificate(StatusReport r, StatusReport.Certificate c) {
        StatusReport.Uplink u = r.uplink();
        return new StatusReport(r.gw(), r.version(), r.now(), r.started(), r.uptimeS(), r.sensors(), r.alarms(),
                new StatusReport.Uplink(u.connected(), u.server(), u.servers(), u.lastConnected(), u.lastError(),
                        u.published(), u.acked(), u.reconnects(), u.inflight(), u.ackTimeouts(), c),
                r.backlog(), r.store(), r.localBroker(), r.clock(), r.threads(), r.rules(), r.outputs());
    }
}
