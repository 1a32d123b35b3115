package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import org.junit.jupiter.api.Test;

/**
 * A device server that moves to another address (new DHCP lease) is found again on the next open,
 * because the host name is resolved on every open. Names resolve through a hosts file the test
 * rewrites ({@code -Djdk.net.hosts.file}, set by its own failsafe execution in drivers/pom.xml).
 */
class TcpLinkResolveIT {

    @Test
    void theHostNameIsResolvedAgainOnEveryOpen() throws Exception {
        String hostsFile = System.getProperty("jdk.net.hosts.file");
        assumeTrue(hostsFile != null, "needs -Djdk.net.hosts.file (run through mvn verify)");
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        Path hosts = Path.of(hostsFile);
        Files.createDirectories(hosts.getParent());

        ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"));
        try (ServerSocket second = new ServerSocket(first.getLocalPort(), 1, InetAddress.getByName("127.0.0.3"))) {
            second.setSoTimeout(5_000);
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 gauge-converter\n");
            ByteLink link = ByteLinks.tcp(new TcpSettings("gauge-converter", first.getLocalPort(), null));
            link.open();
            try (Socket device = first.accept()) {
                device.getOutputStream().write('A');
                assertThat(new String(TcpLinkIT.readAtLeast(link, 1))).isEqualTo("A");
            }
            link.close();
            first.close(); // the old address is gone: a link that kept it could not connect

            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.3 gauge-converter\n");
            link.open();
            try (Socket device = second.accept()) {
                device.getOutputStream().write('B');
                assertThat(new String(TcpLinkIT.readAtLeast(link, 1))).isEqualTo("B");
            }
            link.close();
        } finally {
            first.close();
        }
    }
}
