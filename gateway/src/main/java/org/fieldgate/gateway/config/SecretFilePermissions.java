package org.fieldgate.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file that holds a secret ({@code password_file}, {@code tls.key}) can be read by
 * anyone but its owner. A warning, not an error: the gateway works either way, and on some boards
 * the file sits on a FAT partition whose modes cannot be changed.
 */
public final class SecretFilePermissions {

    private SecretFilePermissions() {
    }

    /**
     * A warning at {@code path} (the config key, e.g. {@code uplink.mqtt.password_file}) naming the
     * file, or empty when only its owner can read it, it does not exist, or its file system has no
     * POSIX modes.
     */
    public static Optional<ConfigProblem> check(String path, Path file) {
        if (file == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // missing or unreadable files are reported by the loader
        }
        boolean group = mode.contains(PosixFilePermission.GROUP_READ);
        boolean others = mode.contains(PosixFilePermission.OTHERS_READ);
        if (!group && !others) {
            return Optional.empty();
        }
        String who = group && others ? "its group and all users" : group ? "its group" : "all users";
        return Optional.of(new ConfigProblem(path, null, file + " holds a secret but can be read by " + who
                + " (" + PosixFilePermissions.toString(mode) + "): chmod 600 " + file));
    }
}
