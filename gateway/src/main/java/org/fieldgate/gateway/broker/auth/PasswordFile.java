package org.fieldgate.gateway.broker.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The users of the embedded broker, read from a mosquitto password file: one {@code user:$7$ITERATIONS$SALT$HASH}
 * line per user, as {@code mosquitto_passwd} (mosquitto 2.x) writes it: PBKDF2-HMAC-SHA512 over the
 * UTF-8 password, salt and 64-byte hash in base64. Other formats (mosquitto 1.x's {@code $6$}, plain
 * text) are refused when the file is read, naming the line. Hashes are never logged.
 */
public final class PasswordFile {

    private static final int MIN_ITERATIONS = 1;
    private static final int MAX_ITERATIONS = 1_000_000; // a hostile file must not stall every CONNECT

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> users;

    private PasswordFile(Map<String, Entry> users) {
        this.users = users;
    }

    /** Reads {@code file}; an {@link IllegalArgumentException} names the file and line of a bad entry. */
    public static PasswordFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Entry> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": expected user:$7$…, as mosquitto_passwd writes");
            }
            String[] parts = line.substring(colon + 1).split("\\$", -1);
            if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("7")) {
                throw new IllegalArgumentException(where + ": only mosquitto 2's $7$ (PBKDF2-SHA512) hashes are"
                        + " accepted; rewrite it with mosquitto_passwd");
            }
            try {
                int iterations = Integer.parseInt(parts[2]);
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                    throw new IllegalArgumentException(where + ": iteration count " + iterations + " out of range");
                }
                Base64.Decoder b64 = Base64.getDecoder();
                users.put(line.substring(0, colon), new Entry(iterations, b64.decode(parts[3]), b64.decode(parts[4])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": iteration count is not a number");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                    throw e;
                }
                throw new IllegalArgumentException(where + ": salt or hash is not base64");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + ": no users");
        }
        return new PasswordFile(users);
    }

    /** True when {@code user} is listed and {@code password} (the CONNECT's bytes) matches its hash. */
    public boolean matches(String user, byte[] password) {
        Entry e = user == null ? null : users.get(user);
        if (e == null || password == null) {
            return false;
        }
        byte[] derived = pbkdf2Sha512(password, e.salt(), e.iterations(), e.hash().length);
        return MessageDigest.isEqual(derived, e.hash());
    }

    /** PBKDF2 (RFC 8018) with HMAC-SHA512, over the password's bytes as given (no char conversion). */
    static byte[] pbkdf2Sha512(byte[] password, byte[] salt, int iterations, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA512"));
            int hLen = mac.getMacLength();
            byte[] out = new byte[length];
            for (int block = 1, done = 0; done < length; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(hLen, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is missing from this JVM", e);
        }
    }
}
