package org.fieldgate.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.OSInfo;

/**
 * Where sqlite-jdbc loads its native library from. Left alone, the driver writes its 1 MB library
 * into {@code java.io.tmpdir} under a new name at every start: on a Pi's SD card that is more than
 * an hour of the demo site's stored telemetry, at every restart. Instead the library is copied to
 * RAM ({@code /dev/shm/fieldgate-<user>/}, a folder only this user may write, when {@code /dev/shm}
 * is a tmpfs that allows executables), else kept once next to the store ({@code .native/}), and
 * loaded from there ({@code org.sqlite.lib.path}); an existing copy is used when its bytes are the
 * jar's. A launcher that sets {@code org.sqlite.lib.path} itself (the .deb ships the library) is left
 * alone, and when anything fails the driver extracts as before.
 */
final class SqliteNativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static boolean decided;

    private SqliteNativeLibrary() {
    }

    /** Before the first connection of this JVM: points the driver at the copy in {@code folder/.native}. */
    static synchronized void useCopyIn(Path folder) {
        if (decided) {
            return;
        }
        decided = true;
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        String name = System.mapLibraryName("sqlitejdbc");
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return; // not bundled for this platform: the driver finds its own way
            }
            byte[] lib = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(lib);
            Path dir = ramFolder();
            if (dir == null) {
                dir = folder.resolve(".native");
            }
            Path copy = dir.resolve(String.format("sqlite-%08x-%s", crc.getValue(), name));
            if (!sameContent(copy, lib)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "sqlite-", ".tmp");
                Files.write(tmp, lib);
                Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                removeOthers(dir, copy, name);
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", copy.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            log.warn("cannot keep SQLite's native library in {}; the driver extracts it to {} ({})", folder,
                    System.getProperty("java.io.tmpdir"), e.toString());
        }
    }

    /** {@code /dev/shm/fieldgate-<user>}, private to this user, or null when RAM is not usable. */
    private static Path ramFolder() {
        try {
            boolean execTmpfs = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length >= 4 && f[1].equals("/dev/shm") && f[2].equals("tmpfs")) {
                    execTmpfs = !Arrays.asList(f[3].split(",")).contains("noexec");
                }
            }
            if (!execTmpfs) {
                return null;
            }
            Path dir = Path.of("/dev/shm", "fieldgate-" + System.getProperty("user.name"));
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
            // someone else's folder, a link, or one others may write to: not ours to load code from
            java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(dir,
                    java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            boolean ours = a.isDirectory() && a.owner().getName().equals(System.getProperty("user.name"))
                    && a.permissions().equals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            return ours ? dir : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean sameContent(Path copy, byte[] lib) throws IOException {
        return Files.isRegularFile(copy) && Files.size(copy) == lib.length
                && Arrays.equals(Files.readAllBytes(copy), lib);
    }

    private static void removeOthers(Path dir, Path keep, String name) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "sqlite-*")) {
            for (Path p : old) {
                if (!p.equals(keep) && (p.getFileName().toString().endsWith("-" + name)
                        || p.getFileName().toString().endsWith(".tmp"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
