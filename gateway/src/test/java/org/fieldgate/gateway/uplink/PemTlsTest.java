package org.fieldgate.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
}
