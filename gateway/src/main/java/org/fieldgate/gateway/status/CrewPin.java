package org.fieldgate.gateway.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The field crews' PIN, kept only as a slow hash (PBKDF2-HMAC-SHA256, {@value #ITERATIONS}
 * iterations, a random 16-byte salt) in one line of a file the config names
 * ({@code status.crew_pin_file}): {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, base64. Written by
 * {@code fieldgate crew-pin}. A PIN is 4 to 12 digits. Wrong tries are limited by {@link PinLockout}.
 */
public final class CrewPin {

    /** About 0.2 s on a Raspberry Pi 4: a guessed PIN costs that much, and the lockout does the rest. */
    static final int ITERATIONS = 120_000;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final Pattern LINE = Pattern.compile("pbkdf2-sha256:([0-9]{1,9}):([A-Za-z0-9+/=]{8,64}):([A-Za-z0-9+/=]{16,128})");

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private CrewPin(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** True if {@code pin} has the form of a PIN (4–12 digits). */
    public static boolean wellFormed(String pin) {
        return pin != null && PIN.matcher(pin).matches();
    }

    /**
     * Reads the hashed PIN.
     *
     * @throws IOException naming the file when it cannot be read or is not a hashed PIN
     */
    public static CrewPin load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IOException("crew PIN file " + file + ": cannot read it (" + e.getMessage()
                    + "); write one with: fieldgate crew-pin --config FILE", e);
        }
        var m = LINE.matcher(text);
        int iterations = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        if (!m.matches() || iterations < 10_000) {
            throw new IOException("crew PIN file " + file + ": not a hashed PIN (expected one line"
                    + " pbkdf2-sha256:ITERATIONS:SALT:HASH, at least 10000 iterations, as fieldgate crew-pin writes it)");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new CrewPin(iterations, b64.decode(m.group(2)), b64.decode(m.group(3)));
    }

    /** The file line for {@code pin} with a new random salt. */
    public static String hashLine(String pin) {
        if (!wellFormed(pin)) {
            throw new IllegalArgumentException("a PIN is 4 to 12 digits");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256:" + ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(derive(pin, salt, ITERATIONS));
    }

    /** True if {@code pin} is the crews' PIN (slow on purpose; compares in constant time). */
    public boolean matches(String pin) {
        if (!wellFormed(pin)) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(pin, salt, iterations));
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        char[] chars = pin.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
