package org.fieldgate.gateway.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the status API's actions ({@code POST /api/ack/{rule}}): 256 random bits in
 * a file only its owner can read ({@code <storage dir>/api.token} or {@code status.token_file}),
 * created at the gateway's first start and read by {@code fieldgate ack}. Held as a SHA-256 digest
 * and compared in constant time; never logged.
 */
public final class ApiToken {

    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9._~+/=-]{32,512}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final byte[] digest;

    private ApiToken(Path file, String token) {
        this.file = file;
        this.digest = sha256(token);
    }

    /** Where a config's token lives: {@code status.token_file}, else {@code api.token} beside the store. */
    public static Path fileOf(FieldgateConfig config) {
        Path configured = config.status().tokenFile();
        return configured != null ? configured
                : config.storage().path().toAbsolutePath().getParent().resolve("api.token");
    }

    /**
     * The gateway's token ({@link #fileOf}, created when missing), or null when it can be neither read
     * nor created (a full or read-only SD card): the gateway still runs, the API then refuses every
     * action (the silence buttons still work), and the log says why.
     */
    public static ApiToken forGateway(FieldgateConfig config) {
        Path file = fileOf(config);
        try {
            return loadOrCreate(file);
        } catch (IOException | RuntimeException e) {
            LOG.error("API token {}: {}; the status API refuses every ack until a restart can read it "
                    + "(silence buttons still work)", file, e.toString());
            return null;
        }
    }

    /**
     * The token in {@code file}; a new random one (written 0600) when the file does not exist. An
     * existing file readable by others is narrowed to 0600, with a warning.
     */
    public static ApiToken loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        } else if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(p)) {
                LOG.warn("API token file {} was {}: narrowed to rw------- (owner only)", file,
                        PosixFilePermissions.toString(p));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        return new ApiToken(file, read(file));
    }

    /** The token text in {@code file} (what {@code fieldgate ack} sends). */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!TEXT.matcher(text).matches()) {
            throw new IOException("API token file " + file + ": expected one line of 32 to 512 characters "
                    + "[A-Za-z0-9._~+/=-] (delete it and the gateway writes a new one at start)");
        }
        return text;
    }

    private static void create(Path file) throws IOException {
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
        LOG.info("API token created in {} (owner only; fieldgate ack reads it)", file);
    }

    /** True when {@code presented} is this token; constant time (digests of equal length are compared). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "API token in " + file; // never the token
    }
}
