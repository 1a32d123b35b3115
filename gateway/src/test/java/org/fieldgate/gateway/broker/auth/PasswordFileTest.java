package org.fieldgate.gateway.broker.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    @TempDir
    Path dir;

    /** {@code config/valid/certs/broker.passwd} was written by mosquitto 2's {@code mosquitto_passwd}. */
    @Test
    void checksPasswordsAgainstWhatMosquittoPasswdWrote() throws Exception {
        PasswordFile users = PasswordFile.read(Path.of(getClass().getResource("/config/valid/certs/broker.passwd").toURI()));
        assertThat(users.matches("crew", "right horse battery".getBytes(UTF_8))).isTrue();
        assertThat(users.matches("crew", "right horse batterY".getBytes(UTF_8))).isFalse();
        assertThat(users.matches("crew", new byte[0])).isFalse();
        assertThat(users.matches("crew", null)).isFalse();
        assertThat(users.matches("other", "right horse battery".getBytes(UTF_8))).isFalse();
        assertThat(users.matches(null, "right horse battery".getBytes(UTF_8))).isFalse();
    }

    @Test
    void refusesOtherFormatsNamingTheLine() throws Exception {
        Path file = dir.resolve("p");
        Files.writeString(file, "# users\nok:$7$101$nAvQ+/dJHH02n+Wm$AAAA\nold:$6$salt$hash\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining(file + " line 3")
                .hasMessageContaining("$7$");
        Files.writeString(file, "crew:plain\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("line 1");
        Files.writeString(file, "crew:$7$many$c2FsdA==$aGFzaA==\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("iteration count is not a number");
        Files.writeString(file, "crew:$7$101$not base64!$aGFzaA==\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("not base64");
        Files.writeString(file, "\n# nobody\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("no users");
    }

    /** RFC 6070's first inputs with SHA-512 (Python's {@code hashlib.pbkdf2_hmac('sha512', …)} gives the same). */
    @Test
    void pbkdf2Sha512MatchesAKnownVector() {
        byte[] dk = PasswordFile.pbkdf2Sha512("password".getBytes(UTF_8), "salt".getBytes(UTF_8), 1, 64);
        assertThat(java.util.HexFormat.of().formatHex(dk)).isEqualTo(
                "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                        + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
    }
}
