package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's folder and files are the gateway's alone (they hold every reading and alarm, and
 * the run file): folders it creates are 0700, its files 0600, whatever the umask, since each mode
 * is set explicitly after the file or folder exists. Folders that already existed are left alone:
 * the store may sit in a folder others share.
 */
public final class PrivateFiles {

    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** What SQLite keeps beside a database; it gives each the database file's mode when it creates it. */
    private static final String[] SQLITE_SIDE_FILES = {"-wal", "-shm", "-journal"};

    /** The user the packaged service runs as (docs/service.md). */
    public static final String SERVICE_USER = "fieldgate";

    private PrivateFiles() {
    }

    /**
     * Run as root (a technician's {@code sudo}), gives {@code file} to the service user and its
     * group, so the gateway can read what the tool wrote; otherwise, or on a machine without that
     * user (a development box), the file stays the caller's.
     */
    public static void toServiceUser(Path file) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            var lookup = file.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(file, lookup.lookupPrincipalByName(SERVICE_USER));
            Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName(SERVICE_USER));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            // no service user here: root keeps it
        }
    }

    /** Creates {@code dir} and its missing parents, each of those 0700. */
    public static void folder(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(p)) {
                    throw raced;
                }
                continue; // someone else made it: not ours to change
            }
            restrict(p, FOLDER);
        }
    }

    /**
     * Makes the SQLite database {@code db} 0600, creating it empty when missing (SQLite takes an empty
     * file as a new database, and gives the {@code -wal}, {@code -shm} and {@code -journal} files it
     * creates later the database's mode), and tightens those side files when they already exist.
     */
    public static void database(Path db) {
        try {
            Files.createFile(db);
        } catch (FileAlreadyExistsException exists) {
            // kept as it is, only its mode tightened
        } catch (IOException e) {
            log.warn("outbox {}: cannot create it as an owner-only file: {}", db, e.toString());
        }
        file(db);
        for (String suffix : SQLITE_SIDE_FILES) {
            Path side = Path.of(db + suffix);
            if (Files.exists(side)) {
                file(side);
            }
        }
    }

    /** Makes an existing {@code file} 0600; a failure is logged, not thrown (the file still works). */
    public static void file(Path file) {
        try {
            restrict(file, FILE);
        } catch (IOException e) {
            log.warn("{}: cannot make it owner-only (chmod 600): {}", file, e.toString());
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, mode);
        } catch (UnsupportedOperationException noPosixModes) {
            // e.g. a FAT partition: nothing to set
        }
    }
}
