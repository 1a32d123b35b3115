package org.fieldgate.provisioning.selftest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.rules.RuleEngine;

/** The checks that need nothing but the gateway's own machine: rules, clock, disk and store. */
final class LocalChecks {

    private static final long MB = 1024L * 1024L;

    private LocalChecks() {
    }

    static Check rules(FieldgateConfig config) {
        List<RuleConfig> rules = config.rules();
        if (rules.isEmpty()) {
            return Check.skip("rules", "none configured: this site raises no alarm");
        }
        try {
            new RuleEngine(rules);
        } catch (RuntimeException e) {
            return Check.fail("rules", "do not load: " + e.getMessage(), "correct the rule in the config, then "
                    + "run fieldgate check");
        }
        return Check.pass("rules", rules.size() + " loaded: "
                + String.join(", ", rules.stream().map(RuleConfig::id).toList()));
    }

    static Check clock(ClockQuality clock) {
        if (clock.knownGood()) {
            return Check.pass("clock", clock.reason());
        }
        return Check.fail("clock", clock.reason(), "let the gateway reach an NTP server (timedatectl "
                + "set-ntp true; check the uplink) or fit a real-time clock; readings are marked unsynced until then");
    }

    /**
     * The store's folder takes a synced write, and its file system has room for the store to grow
     * to {@code storage.max_size}.
     */
    static Check disk(FieldgateConfig config) {
        Path store = config.storage().path().toAbsolutePath();
        Path dir = store.getParent();
        String name = "disk " + dir;
        if (!Files.isDirectory(dir)) {
            return Check.fail(name, "no such folder", "create it and give it to the service user: "
                    + "install -d -o fieldgate -g fieldgate " + dir);
        }
        Path probe = dir.resolve(".selftest-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096));
            ch.force(true);
        } catch (IOException e) {
            return Check.fail(name, "cannot write: " + e.getMessage(), "give the folder to the service user "
                    + "(chown -R fieldgate:fieldgate " + dir + ") and check the SD card is not read-only (dmesg)");
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // left behind: harmless, and named after this process
            }
        }
        try {
            long free = dir.toFile().getUsableSpace(); // statvfs: no need to find the mount point
            long used = Files.isRegularFile(store) ? Files.size(store) : 0;
            long needed = Math.max(0, config.storage().maxSize() - used);
            String detail = String.format(Locale.ROOT, "writable, %d MB free, the store may still grow %d MB",
                    free / MB, needed / MB);
            if (free < needed) {
                return Check.fail(name, detail, "free space on the card or lower storage.max_size to "
                        + (used + free * 8 / 10) / MB + " MB");
            }
            return Check.pass(name, detail);
        } catch (IOException e) {
            return Check.fail(name, "cannot read its free space: " + e.getMessage(), "check the file system (dmesg)");
        }
    }

    /** The store opens and reads (the running gateway keeps it open: SQLite lets a reader in). */
    static Check store(FieldgateConfig config) {
        Path store = config.storage().path().toAbsolutePath();
        if (!Files.exists(store)) {
            return Check.skip("store", "not created yet: the gateway makes it when it first starts");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + store + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            r.next();
            return Check.pass("store", store + " opens (" + Files.size(store) / MB + " MB)");
        } catch (SQLException | IOException e) {
            return Check.fail("store", store + " does not open: " + e.getMessage(), "stop the gateway, move the "
                    + "file aside and start again (a new store is made; the old one can be replayed)");
        }
    }

    /** The running gateway's store: appends succeed. */
    static Check store(com.fasterxml.jackson.databind.JsonNode status) {
        var store = status.path("store");
        long failures = store.path("append_failures").asLong();
        String detail = "kept by the running gateway, last seq " + store.path("last_seq").asLong()
                + ", " + store.path("size_bytes").asLong() / MB + " MB";
        if (failures > 0) {
            return Check.fail("store", detail + ", " + failures + " failed appends", "see the gateway's log "
                    + "(journalctl -u fieldgate) and check the card (dmesg)");
        }
        return Check.pass("store", detail);
    }
}
