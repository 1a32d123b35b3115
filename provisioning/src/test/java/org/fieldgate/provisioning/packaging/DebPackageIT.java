package org.fieldgate.provisioning.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fieldgate.drivers.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb {@code mvn package} built: its files and modes, control fields, maintainer scripts, lintian. */
class DebPackageIT {

    private static Path deb;

    @TempDir
    Path dir;

    @BeforeAll
    static void built() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb is not installed");
        deb = BuiltPackage.deb().toAbsolutePath();
    }

    /** {@code path -> "mode owner"} from {@code dpkg-deb -c}. */
    private static Map<String, String> files() throws Exception {
        BuiltPackage.Run list = BuiltPackage.run(null, "dpkg-deb", "-c", deb.toString());
        assertThat(list.code()).as(list.toString()).isEqualTo(0);
        return list.output().lines().map(l -> l.split("\\s+"))
                .collect(Collectors.toMap(f -> f[5].substring(1), f -> f[0] + " " + f[1], (a, b) -> a));
    }

    @Test
    void installsTheRuntimeTheToolsTheUnitAndAConfigOwnedByRoot() throws Exception {
        Map<String, String> files = files();
        assertThat(files).containsEntry("/usr/share/fieldgate/fieldgate.jar", "-rw-r--r-- root/root")
                .containsEntry("/usr/bin/fieldgate", "-rwxr-xr-x root/root")
                .containsEntry("/usr/bin/fieldgate-provision", "-rwxr-xr-x root/root")
                .containsEntry("/etc/fieldgate/fieldgate.yaml", "-rw-r----- root/root")
                .containsEntry("/lib/systemd/system/fieldgate.service", "-rw-r--r-- root/root")
                .containsEntry("/usr/share/fieldgate/udev/99-fieldgate-serial.rules", "-rw-r--r-- root/root")
                .containsEntry("/usr/share/doc/fieldgate/copyright", "-rw-r--r-- root/root")
                .containsEntry("/usr/share/doc/fieldgate/changelog.gz", "-rw-r--r-- root/root")
                .containsKey("/usr/share/doc/fieldgate/docs/service.md")
                .containsKey("/usr/share/doc/fieldgate/docs/provisioning.md");
        // nothing in /var/lib (the maintainer scripts make it for the service user) nor /var/log (journald)
        assertThat(files.keySet()).noneMatch(p -> p.startsWith("/var/")).noneMatch(p -> p.startsWith("/tmp"))
                .noneMatch(p -> p.contains("/images/"));
    }

    @Test
    void dependsOnAJava17RuntimeAndMarksTheConfigAsAConffile() throws Exception {
        BuiltPackage.Run depends = BuiltPackage.run(null, "dpkg-deb", "-f", deb.toString(), "Depends", "Architecture",
                "Package");
        assertThat(depends.output()).contains("Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser")
                .contains("Architecture: all").contains("Package: fieldgate");
        assertThat(BuiltPackage.run(dir, "dpkg-deb", "-e", deb.toString(), "control").code()).isEqualTo(0);
        assertThat(Files.readAllLines(dir.resolve("control/conffiles"))).containsExactly("/etc/fieldgate/fieldgate.yaml");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = dir.resolve("control").resolve(script);
            assertThat(Files.isExecutable(file)).as(script + " is executable").isTrue();
            BuiltPackage.Run syntax = BuiltPackage.run(dir, "sh", "-n", file.toString());
            assertThat(syntax.code()).as(script + ": " + syntax).isEqualTo(0);
            assertThat(Files.readString(file)).startsWith("#!/bin/sh").contains("set -e");
        }
        String postrm = Files.readString(dir.resolve("control/postrm"));
        // remove keeps config, store and identity; only purge deletes them
        assertThat(postrm.substring(postrm.indexOf("remove)"), postrm.indexOf("purge)"))).doesNotContain("rm -rf");
        assertThat(postrm.substring(postrm.indexOf("purge)"))).contains("rm -rf /var/lib/fieldgate /etc/fieldgate");
    }

    @Test
    void theServiceIsANotifyServiceWithAWatchdogAndHardening() throws Exception {
        assertThat(BuiltPackage.run(dir, "dpkg-deb", "-x", deb.toString(), "data").code()).isEqualTo(0);
        Map<String, String> unit = Files.readAllLines(dir.resolve("data/lib/systemd/system/fieldgate.service")).stream()
                .filter(l -> l.contains("=") && !l.startsWith("#"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> a + " " + b));
        assertThat(unit).containsEntry("Type", "notify").containsEntry("Restart", "always")
                .containsEntry("User", "fieldgate").containsEntry("ProtectSystem", "strict")
                .containsEntry("ReadWritePaths", "/var/lib/fieldgate").containsEntry("NoNewPrivileges", "true")
                .containsEntry("PrivateTmp", "true").containsEntry("After", "network-online.target time-sync.target")
                .containsEntry("Wants", "network-online.target");
        assertThat(unit.get("WatchdogSec")).matches("\\d+");
        assertThat(unit).doesNotContainKey("Requires").doesNotContainKey("PrivateDevices"); // serial and GPIO stay reachable
        assertThat(unit.get("Environment")).contains("-Djava.io.tmpdir=/var/lib/fieldgate/tmp")
                .contains("-Dorg.sqlite.tmpdir=/var/lib/fieldgate/tmp").contains("-Djna.tmpdir=/var/lib/fieldgate/tmp");
    }

    @Test
    void lintianFindsNoError() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian is not installed");
        BuiltPackage.Run lintian = BuiltPackage.run(null, "lintian", "--allow-root", deb.toString());
        System.out.println(lintian.output());
        List<String> errors = lintian.output().lines().filter(l -> l.startsWith("E:")).toList();
        assertThat(errors).as(lintian.output()).isEmpty();
    }

    @Test
    void theJarCarriesTheNativeLibrariesOfEveryGatewayArchitecture() throws Exception {
        List<String> natives;
        try (var jar = new java.util.jar.JarFile(BuiltPackage.jar().toFile())) {
            natives = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib"))
                    .sorted().toList();
        }
        System.out.println("native libraries in the runtime jar:\n  " + String.join("\n  ", natives));
        Function<String, Boolean> has = natives::contains;
        // sqlite-jdbc (the store), jssc (serial), JNA (sd_notify; pi4j's linuxfs): x86-64, aarch64, armv7 (and armv6, Pi Zero)
        for (String lib : Arrays.asList(
                "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
                "org/sqlite/native/Linux/armv7/libsqlitejdbc.so",
                "org/sqlite/native/Linux/armv6/libsqlitejdbc.so",
                "natives/linux_64/libjssc.so",
                "natives/linux_arm64/libjssc.so",
                "natives/linux_arm/libjssc.so",
                "com/sun/jna/linux-x86-64/libjnidispatch.so",
                "com/sun/jna/linux-aarch64/libjnidispatch.so",
                "com/sun/jna/linux-arm/libjnidispatch.so",
                // pi4j's native GPIO access exists for the Pi only (on x86-64 there is no GPIO to drive)
                "lib/aarch64/pi4j-linuxfs/libpi4j-linuxfs.so",
                "lib/armhf/pi4j-linuxfs/libpi4j-linuxfs.so")) {
            assertThat(has.apply(lib)).as(lib).isTrue();
        }
        assertThat(natives).noneMatch(n -> n.endsWith(".dll") || n.endsWith(".dylib") || n.contains("/Mac/")
                || n.contains("win32") || n.contains("darwin") || n.contains("Android"));
    }
}
