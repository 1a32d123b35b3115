package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.fieldgate.drivers.testing.RequiredTool;
import org.fieldgate.gateway.signing.CommandSignature;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.OpenSslCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fieldgate keygen} writes what openssl reads and the other way round, and a signature made
 * by openssl over the canonical form (as docs/commands.md shows a central system in another
 * language doing it) verifies: the signing scheme is not ours alone.
 */
class CommandKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void keygenAndOpensslUnderstandEachOthersKeysAndSignatures() throws Exception {
        RequiredTool.require(Files.isExecutable(OpenSslCa.OPENSSL), "openssl is not installed");
        GatewayProcess.Result keygen = GatewayProcess.runCli(Duration.ofSeconds(30), "keygen", "--name", "ops",
                "--out", dir.toString());
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ops.key"))))
                .isEqualTo("rw-------");
        assertThat(GatewayProcess.runCli(Duration.ofSeconds(30), "keygen", "--name", "ops", "--out", dir.toString())
                .exit()).as("never overwrites").isEqualTo(1);
        // openssl reads our pair: its public key of our private key is our public key
        assertThat(run(dir, "openssl", "pkey", "-in", "ops.key", "-pubout"))
                .isEqualTo(Files.readString(dir.resolve("ops.pub")));

        // a key made by openssl signs the canonical form; the gateway's check accepts it
        run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "o.key");
        run(dir, "openssl", "pkey", "-in", "o.key", "-pubout", "-out", "o.pub");
        var args = JSON.createObjectNode().put("rule", "flood");
        byte[] canonical = CommandSignature.signedBytes("gw-1", "ack", 1, "c-1", 1796524487179L, args);
        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(
                "{\"args\":{\"rule\":\"flood\"},\"cmd\":\"ack\",\"gw\":\"gw-1\",\"id\":\"c-1\",\"t\":1796524487179,\"v\":1}");
        Files.write(dir.resolve("msg"), canonical);
        Process sign = new ProcessBuilder(List.of("openssl", "pkeyutl", "-sign", "-inkey", "o.key", "-rawin", "-in",
                "msg")).directory(dir.toFile()).start();
        String sig = Base64.getEncoder().encodeToString(sign.getInputStream().readAllBytes());
        assertThat(sign.waitFor()).isZero();
        assertThat(CommandSignature.verify(canonical, sig, Ed25519Pem.readPublic(dir.resolve("o.pub")))).isTrue();
        assertThat(CommandSignature.sign(canonical, Ed25519Pem.readPrivate(dir.resolve("o.key")))).as("Ed25519 is"
                + " deterministic: the same signature from both").isEqualTo(sig);
    }
}
