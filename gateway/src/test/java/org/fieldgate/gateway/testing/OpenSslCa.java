package org.fieldgate.gateway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldgate.drivers.testing.RequiredTool;

/**
 * Certificate authorities and certificates made with the {@code openssl} CLI in a test's folder,
 * as a network's operators would make them: {@code NAME.pem} and {@code NAME.key} (RSA 2048, valid
 * two days). Needs {@code /usr/bin/openssl} ({@link RequiredTool}).
 */
public final class OpenSslCa {

    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Path dir;

    public OpenSslCa(Path dir) {
        RequiredTool.require(Files.isExecutable(OPENSSL), "openssl is not installed at " + OPENSSL);
        this.dir = dir;
    }

    /** A self-signed CA: {@code name.pem}, {@code name.key}. */
    public Path ca(String name) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", "/CN=" + name, "-days", "2");
        return dir.resolve(name + ".pem");
    }

    /** A key and a certificate for {@code subject} signed by {@code ca}; {@code extension} e.g. {@code subjectAltName=IP:127.0.0.1}, or null. */
    public Path signed(String name, String subject, String ca, String extension) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        return sign(dir.resolve(name + ".csr"), ca, name, extension);
    }

    /** Signs a certificate request ({@code csr}, e.g. one the gateway wrote) with {@code ca}: {@code name.pem}. */
    public Path sign(Path csr, String ca, String name, String extension) throws IOException {
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", csr.toAbsolutePath().toString(),
                "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial", "-out", name + ".pem", "-days", "2"));
        if (extension != null) {
            Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
            args.addAll(List.of("-extfile", name + ".ext"));
        }
        openssl(args.toArray(new String[0]));
        return dir.resolve(name + ".pem");
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
