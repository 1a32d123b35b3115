package org.fieldgate.provisioning.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.runtime.GatewayRuntime;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.OpenSslCa;
import org.fieldgate.provisioning.ProvisionCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gateway's identity end to end: {@code init} names the brokers' CA, {@code identity} makes the
 * key and request, a CA made with openssl signs it, {@code install-cert} installs it and names it in
 * the config, and the gateway then connects to a mosquitto that requires client certificates.
 */
class IdentityIT {

    @TempDir
    Path dir;

    private OpenSslCa ca;
    private MosquittoBroker broker;
    private int tlsPort;
    private Path config;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void caBrokerAndSite() throws Exception {
        ca = new OpenSslCa(dir);
        ca.ca("ca");
        ca.ca("other-ca");
        ca.signed("server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1");
        tlsPort = MosquittoBroker.freePort();
        broker = MosquittoBroker.withMutualTls(tlsPort, dir.resolve("ca.pem"), dir.resolve("server.pem"),
                dir.resolve("server.key")).start();
        config = dir.resolve("site/fieldgate.yaml");
        assertThat(run("init", "--template", "water", "--id", "hn-longbien-01", "--broker", "ssl://127.0.0.1:" + tlsPort,
                "--ca", dir.resolve("ca.pem").toString(), "--store", dir.resolve("site/store.db").toString(),
                "--out", config.toString())).as("init: %s", err).isEqualTo(0);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ProvisionCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void theSignedCertificateInstallsAndTheGatewayConnectsWithIt() throws Exception {
        assertThat(run("identity", "--config", config.toString())).as("identity: %s", err).isEqualTo(0);
        Path identity = dir.resolve("site/identity");
        Path key = identity.resolve("gateway.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).doesNotContain("PRIVATE KEY").doesNotContain(Files.readString(key).split("\n")[1]);
        String keyBefore = Files.readString(key);

        Path signed = ca.sign(identity.resolve("gateway.csr"), "ca", "issued", null);
        assertThat(Files.readString(signed)).contains("BEGIN CERTIFICATE");
        assertThat(run("install-cert", "--cert", signed.toString(), "--config", config.toString()))
                .as("install-cert: %s %s", out, err).isEqualTo(0);
        assertThat(out.toString()).contains("CN=hn-longbien-01").contains("named in " + config);
        assertThat(ConfigLoader.check(config, DriverRegistry.load())).isEmpty();
        FieldgateConfig site = ConfigLoader.load(config, DriverRegistry.load());
        assertThat(site.uplink().mqtt().tls().cert()).isEqualTo(identity.resolve("gateway.crt"));
        assertThat(site.uplink().mqtt().tls().key()).isEqualTo(key);

        // running identity again keeps the key (a fresh request for the same key)
        assertThat(run("identity", "--config", config.toString())).isEqualTo(0);
        assertThat(Files.readString(key)).isEqualTo(keyBefore);

        try (MqttRecorder rec = MqttRecorder.subscribe(broker.url(), "ews/hn-longbien-01/state")) {
            GatewayRuntime gateway = GatewayRuntime.start(site, "test");
            try {
                rec.awaitMessage(m -> m.text().contains("\"online\":true"), Duration.ofSeconds(30));
            } finally {
                gateway.close();
            }
        }
        assertThat(broker.log()).contains("hn-longbien-01");
    }

    @Test
    void aCertificateForAnotherKeyOrFromAnotherCaIsRefusedAndNothingChanges() throws Exception {
        assertThat(run("identity", "--config", config.toString())).isEqualTo(0);
        String configBefore = Files.readString(config);

        Path foreign = ca.signed("foreign", "/CN=hn-longbien-01", "ca", null);
        assertThat(run("install-cert", "--cert", foreign.toString(), "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not for this gateway's key");

        Path stranger = ca.sign(dir.resolve("site/identity/gateway.csr"), "other-ca", "stranger", null);
        assertThat(run("install-cert", "--cert", stranger.toString(), "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("does not chain to " + dir.resolve("ca.pem"));

        assertThat(Files.readString(config)).isEqualTo(configBefore);
        assertThat(dir.resolve("site/identity/gateway.crt")).doesNotExist();
        assertThat(List.of(run("install-cert", "--cert", dir.resolve("missing.pem").toString(), "--config",
                config.toString()))).containsExactly(1);
    }
}
