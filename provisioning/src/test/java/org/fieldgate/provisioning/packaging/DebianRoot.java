package org.fieldgate.provisioning.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.testing.RequiredTool;

/**
 * A throw-away copy of the cached Debian 12 root ({@code .ci/debian-root} makes it once), and
 * commands run in it with {@code chroot}: each in its own mount namespace ({@code unshare -m}) with
 * {@code /proc}, the host's {@code /dev} and the shared apt download cache mounted, so nothing stays
 * mounted when the command ends. Needs root, as installing a package does.
 */
final class DebianRoot implements AutoCloseable {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("FIELDGATE_CI_CACHE", "/var/cache/fieldgate-ci"));
    static final Path CACHED_ROOT = CACHE.resolve("debian12-root");
    static final Path APT_ARCHIVES = CACHE.resolve("apt-archives");

    private final Path root;

    private DebianRoot(Path root) {
        this.root = root;
    }

    /** A fresh copy of the cached root in {@code dir}. */
    static DebianRoot copy(Path dir) throws IOException {
        RequiredTool.require("root".equals(System.getProperty("user.name")), "installing a package needs root");
        RequiredTool.require(Files.isExecutable(CACHED_ROOT.resolve("usr/bin/apt-get")), "no Debian 12 root in "
                + CACHED_ROOT + " (.ci/debian-root makes it)");
        Files.createDirectories(APT_ARCHIVES.resolve("partial"));
        Path root = dir.resolve("root");
        BuiltPackage.Run cp = BuiltPackage.run(null, 300, List.of("cp", "-a", CACHED_ROOT.toString(), root.toString()));
        if (cp.code() != 0) {
            throw new IOException("cannot copy " + CACHED_ROOT + ": " + cp);
        }
        return new DebianRoot(root);
    }

    /** {@code inside} (an absolute path in the root) as seen from the host. */
    Path path(String inside) {
        return root.resolve(inside.substring(1));
    }

    /** Runs {@code script} with {@code sh -e} in the root, as root. */
    BuiltPackage.Run sh(String script) throws IOException {
        Path file = path("/tmp/fieldgate-test-step.sh");
        Files.writeString(file, "export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8\n" + script + "\n");
        String r = root.toString();
        String mounts = "mount -t proc proc " + r + "/proc; mount --rbind /dev " + r + "/dev; mount --bind "
                + APT_ARCHIVES + " " + r + "/var/cache/apt/archives; ";
        return BuiltPackage.run(null, 900, List.of("unshare", "-m", "-f", "sh", "-ec",
                mounts + "exec chroot " + r + " /bin/sh -e /tmp/fieldgate-test-step.sh"));
    }

    @Override
    public void close() throws IOException {
        BuiltPackage.run(null, 300, List.of("rm", "-rf", "--one-file-system", root.toString()));
    }
}
