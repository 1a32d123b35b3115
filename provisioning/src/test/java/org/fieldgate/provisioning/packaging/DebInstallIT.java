package org.fieldgate.provisioning.packaging;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package on a Debian 12 root, as a technician uses it: {@code apt install ./fieldgate_….deb}
 * pulls in Java, makes the service user and enables the unit; {@code fieldgate check} accepts the
 * shipped config; {@code fieldgate-provision init} and {@code selftest} work against an emulated
 * MaxBotix sensor on a pseudo-terminal and a mosquitto; the service user runs the gateway; an
 * upgrade to a newer build keeps the edited config, the store and the identity; remove keeps them
 * and purge removes them with the user.
 */
class DebInstallIT {

    @TempDir
    Path dir;

    @Test
    void installProvisionUpgradeRemoveAndPurge() throws Exception {
        Path deb = BuiltPackage.deb();
        try (DebianRoot root = DebianRoot.copy(dir);
             MosquittoBroker broker = MosquittoBroker.started()) {
            Files.copy(deb, root.path("/tmp/fieldgate.deb"));

            BuiltPackage.Run install = root.sh("apt-get update -qq\napt-get install -y -q /tmp/fieldgate.deb");
            assertThat(install.code()).as(install.toString()).isEqualTo(0);
            assertThat(install.output()).contains("Setting up openjdk-17-jre-headless").contains("Setting up fieldgate");

            BuiltPackage.Run installed = root.sh("""
                    id fieldgate
                    stat -c '%a %U %G %n' /etc/fieldgate /etc/fieldgate/fieldgate.yaml /var/lib/fieldgate
                    test -L /etc/systemd/system/multi-user.target.wants/fieldgate.service && echo enabled
                    fieldgate check /etc/fieldgate/fieldgate.yaml
                    systemd-analyze verify /lib/systemd/system/fieldgate.service && echo unit-verified
                    """);
            assertThat(installed.code()).as(installed.toString()).isEqualTo(0);
            assertThat(installed.output()).contains("(dialout)")
                    .contains("750 root fieldgate /etc/fieldgate\n")
                    .contains("640 root fieldgate /etc/fieldgate/fieldgate.yaml")
                    .contains("750 fieldgate fieldgate /var/lib/fieldgate")
                    .contains("enabled").contains("unit-verified");

            Files.createDirectories(root.path("/var/lib/fieldgate-test"));
            AtomicBoolean feeding = new AtomicBoolean(true);
            try (PtyPair pty = PtyPair.open(root.path("/var/lib/fieldgate-test"));
                 ByteLink sensor = pty.openDevice();
                 MqttRecorder central = MqttRecorder.subscribe(broker.url(), "ews/gw-deb/#")) {
                Thread feeder = new Thread(() -> feed(sensor, feeding), "maxbotix-emulator");
                feeder.setDaemon(true);
                feeder.start();

                BuiltPackage.Run provisioned = root.sh("""
                        fieldgate-provision init --template water --id gw-deb --site "Cầu Long Biên" \\
                          --broker tcp://127.0.0.1:%d --port /var/lib/fieldgate-test/gateway-tty --datum 14 --force
                        stat -c '%%a %%U %%G %%n' /etc/fieldgate/fieldgate.yaml
                        fieldgate-provision selftest --listen 5s
                        fieldgate-provision identity
                        stat -c '%%a %%U %%G %%n' /var/lib/fieldgate/identity /var/lib/fieldgate/identity/gateway.key
                        """.formatted(broker.port()));
                System.out.println(provisioned.output());
                assertThat(provisioned.code()).as(provisioned.toString()).isEqualTo(0);
                assertThat(provisioned.output()).contains("wrote /etc/fieldgate/fieldgate.yaml")
                        .contains("640 root fieldgate /etc/fieldgate/fieldgate.yaml")
                        .containsPattern("PASS +sensor wl1 +OK")
                        .containsPattern("PASS +publish and read back")
                        .contains("ALL PASSED")
                        .contains("750 fieldgate fieldgate /var/lib/fieldgate/identity\n")
                        .contains("600 fieldgate fieldgate /var/lib/fieldgate/identity/gateway.key");
                assertThat(Files.readString(root.path("/etc/fieldgate/fieldgate.yaml.old"))).contains("sim-water-level");
                central.awaitCount("ews/gw-deb/selftest", 1, java.time.Duration.ofSeconds(5));

                // the service user runs the gateway as the unit does (it makes the store), then stops it
                BuiltPackage.Run ran = root.sh("""
                        export FIELDGATE_JAVA_OPTS="-Xmx64m -Djava.io.tmpdir=/var/lib/fieldgate/tmp"
                        setpriv --reuid fieldgate --regid fieldgate --init-groups \\
                          fieldgate run --config /etc/fieldgate/fieldgate.yaml > /tmp/run.log 2>&1 &
                        pid=$!
                        for i in $(seq 1 60); do [ -f /var/lib/fieldgate/fieldgate.run.json ] && break; sleep 1; done
                        sleep 2
                        kill -TERM $pid
                        wait $pid && echo "stopped: 0" || echo "stopped: $?"
                        cat /tmp/run.log
                        stat -c '%U %n' /var/lib/fieldgate/store.db
                        echo '# edited by the technician' >> /etc/fieldgate/fieldgate.yaml
                        sha256sum /var/lib/fieldgate/identity/gateway.key /etc/fieldgate/fieldgate.yaml > /tmp/before
                        """);
                assertThat(ran.code()).as(ran.toString()).isEqualTo(0);
                assertThat(ran.output()).contains("fieldgate /var/lib/fieldgate/store.db").contains("stopped: 0");
                central.awaitMessage(m -> m.topic().equals("ews/gw-deb/state") && m.text().contains("\"online\":true"),
                        java.time.Duration.ofSeconds(5));
            } finally {
                feeding.set(false);
            }

            Path newer = newerBuild(deb);
            Files.copy(newer, root.path("/tmp/fieldgate-newer.deb"));
            BuiltPackage.Run upgraded = root.sh("""
                    apt-get install -y -q /tmp/fieldgate-newer.deb
                    dpkg-query -W -f='version ${Version}\\n' fieldgate
                    sha256sum -c /tmp/before
                    test -f /var/lib/fieldgate/store.db && echo store-kept
                    ls /etc/fieldgate
                    fieldgate check /etc/fieldgate/fieldgate.yaml
                    """);
            assertThat(upgraded.code()).as(upgraded.toString()).isEqualTo(0);
            assertThat(upgraded.output()).containsPattern("version .*\\+1\\n")
                    .contains("/var/lib/fieldgate/identity/gateway.key: OK")
                    .contains("/etc/fieldgate/fieldgate.yaml: OK")
                    .contains("store-kept")
                    .doesNotContain("dpkg-dist").doesNotContain("dpkg-new");

            BuiltPackage.Run removed = root.sh("""
                    apt-get remove -y -q fieldgate
                    test ! -e /usr/bin/fieldgate && echo binary-gone
                    sha256sum -c /tmp/before
                    test -f /var/lib/fieldgate/store.db && echo store-kept
                    id fieldgate
                    """);
            assertThat(removed.code()).as(removed.toString()).isEqualTo(0);
            assertThat(removed.output()).contains("binary-gone").contains("fieldgate.yaml: OK")
                    .contains("gateway.key: OK").contains("store-kept");

            BuiltPackage.Run purged = root.sh("""
                    apt-get purge -y -q fieldgate
                    test ! -e /etc/fieldgate && echo config-gone
                    test ! -e /var/lib/fieldgate && echo state-gone
                    getent passwd fieldgate || echo user-gone
                    """);
            assertThat(purged.code()).as(purged.toString()).isEqualTo(0);
            assertThat(purged.output()).contains("config-gone").contains("state-gone").contains("user-gone");
        }
    }

    /** The same package as a later version ({@code VERSION+1}), as the next release would be. */
    private Path newerBuild(Path deb) throws Exception {
        Path tree = dir.resolve("newer");
        assertThat(BuiltPackage.run(null, "dpkg-deb", "-R", deb.toString(), tree.toString()).code()).isEqualTo(0);
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^(Version: .*)$", "$1+1"));
        Path out = dir.resolve("fieldgate-newer.deb");
        BuiltPackage.Run build = BuiltPackage.run(null, "dpkg-deb", "--root-owner-group", "-b", tree.toString(),
                out.toString());
        assertThat(build.code()).as(build.toString()).isEqualTo(0);
        return out;
    }

    /** A MaxBotix HRXL ranging 4.321 m five times a second. */
    private static void feed(ByteLink sensor, AtomicBoolean feeding) {
        while (feeding.get()) {
            try {
                sensor.write("R4321\r".getBytes(US_ASCII));
                Thread.sleep(200);
            } catch (Exception e) {
                return;
            }
        }
    }
}
