package org.fieldgate.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {

    @TempDir
    Path dir;

    private Path pem(String type, byte[] der) throws IOException {
        Path file = dir.resolve(type.replace(' ', '_') + ".pem");
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(file, "some comment\n-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    @Test
    void readsPkcs8RsaAndEcKeys() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            Path file = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            assertThat(PemTls.privateKey(file)).isEqualTo(pair.getPrivate());
        }
    }

    @Test
    void refusesTraditionalKeyFormatWithAHowTo() throws Exception {
        Path file = pem("RSA PRIVATE KEY", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> PemTls.privateKey(file)).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void refusesAFileWithoutCertificates() throws Exception {
        Path file = pem("PRIVATE KEY", new byte[] {1});
        assertThatThrownBy(() -> PemTls.certificates(file)).hasMessageContaining("no PEM CERTIFICATE");
    }

    private static final Clock NOW = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(PemTlsTest.class.getResource("/tls/" + name).toURI());
    }

    @Test
    void acceptsAMatchingCaCertificateAndKey() throws Exception {
        PemTls.verify(fixture("ca.pem"), fixture("client.pem"), fixture("client.key"), NOW);
        assertThat(PemTls.socketFactory(fixture("ca.pem"), null, null, NOW)).isNotNull();
    }

    @Test
    void namesAMissingFile() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PemTls.verify(missing, null, null, NOW))
                .hasMessage("tls.ca " + missing + ": no such file");
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), missing, NOW))
                .hasMessage("tls.key " + missing + ": no such file");
    }

    @Test
    void namesAnUnreadableFile() throws Exception {
        Path file = Files.copy(fixture("client.key"), dir.resolve("locked.key"));
        file.toFile().setReadable(false, false);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), file, NOW))
                .hasMessageContaining("tls.key " + file).hasMessageContaining("cannot read");
    }

    @Test
    void namesAFileThatIsNotPem() throws Exception {
        Path der = dir.resolve("ca.der");
        Files.write(der, PemTls.certificates(fixture("ca.pem")).get(0).getEncoded());
        assertThatThrownBy(() -> PemTls.verify(der, null, null, NOW))
                .hasMessageContaining("tls.ca " + der + ": not a PEM file");
        Path text = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), text, fixture("client.key"), NOW))
                .hasMessageContaining("tls.cert " + text + ": not a valid X.509 certificate");
    }

    @Test
    void namesAnExpiredOrNotYetValidCertificate() throws Exception {
        Clock after = Clock.fixed(Instant.parse("2127-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), null, null, after))
                .hasMessageContaining("tls.ca " + fixture("ca.pem"))
                .hasMessageContaining("expired on 2126-");
        Clock before = Clock.fixed(Instant.parse("1970-01-01T00:00:10Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), null, null, before))
                .hasMessageContaining("is not valid before").hasMessageContaining("clock");
    }

    @Test
    void namesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), fixture("other.key"), NOW))
                .hasMessage("tls.key " + fixture("other.key") + " does not match the certificate in tls.cert "
                        + fixture("client.pem") + " ('CN=gw1'): use the key the certificate was issued for");
        // an EC key against an RSA certificate
        Path ec = pem("PRIVATE KEY", KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), ec, NOW))
                .hasMessageContaining("does not match the certificate");
    }

    @Test
    void needsBothCertAndKey() {
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), null, NOW))
                .hasMessageContaining("needs both tls.cert and tls.key");
    }

    @Test
    void neverPutsKeyMaterialInAMessage() throws Exception {
        String key = Files.readString(fixture("other.key"));
        String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThatThrownBy(() -> PemTls.verify(fixture("ca.pem"), fixture("client.pem"), fixture("other.key"), NOW))
                .message().doesNotContain(body.substring(0, 20));
    }
}
