package org.fieldgate.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where write amplification is measured: a directory on a real block device. {@code write_bytes}
 * of a file on tmpfs or ramfs is 0, and on overlayfs it is charged to an upper layer that may be
 * in memory too, so such a directory is refused in favour of {@code target/} (on the repository's
 * disk), and the filesystem actually used is printed with the figures.
 *
 * @param dir   an empty directory for the stores
 * @param mount the filesystem under it, from {@code /proc/self/mountinfo}
 */
record BenchDisk(Path dir, Mount mount) {

    private static final Set<String> NOT_A_DISK = Set.of("tmpfs", "ramfs", "overlay", "devtmpfs");

    /** One line of {@code /proc/self/mountinfo}. */
    record Mount(String point, String type, String source) {
        boolean isDisk() {
            return !NOT_A_DISK.contains(type);
        }

        @Override
        public String toString() {
            return type + " " + source + " on " + point;
        }
    }

    /** A fresh directory under {@code tempDir} if that is on a disk, else under {@code target/}. */
    static BenchDisk choose(Path tempDir) throws IOException {
        Mount temp = mountOf(tempDir);
        Path parent = tempDir;
        if (!temp.isDisk()) {
            System.out.println("  " + tempDir + " is on " + temp + ": its write_bytes would be 0 or not the disk's;"
                    + " using target/ instead");
            parent = Files.createDirectories(Path.of("target", "bench-disk"));
        }
        Path dir = Files.createTempDirectory(parent, "write-amp-");
        BenchDisk disk = new BenchDisk(dir, mountOf(dir));
        if (!disk.mount().isDisk()) {
            System.out.println("  WARNING: " + dir + " is on " + disk.mount() + " too: the figures below are not"
                    + " the disk's");
        }
        return disk;
    }

    /** The mount whose mount point is the longest prefix of {@code path}'s real path. */
    static Mount mountOf(Path path) throws IOException {
        Path real = path.toRealPath();
        Mount best = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS [OPTIONAL…] - TYPE SOURCE SUPER-OPTIONS
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            String point = f[4].replace("\\040", " ");
            if (real.startsWith(Path.of(point)) && (best == null || point.length() >= best.point().length())) {
                best = new Mount(point, f[dash + 1], f[dash + 2]);
            }
        }
        if (best == null) {
            throw new IOException("no mount for " + real + " in /proc/self/mountinfo");
        }
        return best;
    }
}
