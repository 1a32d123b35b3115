package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Raw TCP links against a {@link ServerSocket} playing a serial device server (RS-485 to Ethernet, raw mode). */
class TcpLinkIT {

    static byte[] readAtLeast(ByteLink link, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        long end = System.nanoTime() + 5_000_000_000L;
        while (got.size() < n && System.nanoTime() < end) {
            int k = link.read(buf, 200);
            got.write(buf, 0, k);
        }
        return got.toByteArray();
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    private static ServerSocket server() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static ByteLink link(ServerSocket server) {
        return ByteLinks.tcp(new TcpSettings("127.0.0.1", server.getLocalPort(), 19200));
    }

    @Test
    void bytesCrossBothWaysAndAQuietLineReadsZero() throws Exception {
        try (ServerSocket server = server(); ByteLink link = link(server)) {
            link.open();
            try (Socket device = server.accept()) {
                byte[] reply = {0x01, 0x03, 0x02, 0x00, 0x2A, 0x38, 0x5B, 0x00, (byte) 0xFF};
                device.getOutputStream().write(reply);
                assertThat(readAtLeast(link, reply.length)).containsExactly(reply);

                link.write(new byte[] {0x01, 0x03, 0x00, 0x00, 0x00, 0x01, (byte) 0x84, 0x0A});
                assertThat(readExactly(device.getInputStream(), 8))
                        .containsExactly(0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A);

                assertThat(link.read(new byte[16], 50)).as("nothing more arrives").isZero();
                assertThat(link.describe()).isEqualTo("tcp 127.0.0.1:" + server.getLocalPort());
                assertThat(link.byteTimeMicros()).as("10 bits at 19200 baud").isEqualTo(520);
            }
        }
    }

    @Test
    void discardInputDropsAStaleReply() throws Exception {
        try (ServerSocket server = server(); ByteLink link = link(server)) {
            link.open();
            try (Socket device = server.accept()) {
                device.getOutputStream().write("stale".getBytes());
                Thread.sleep(200); // let it arrive before it is discarded
                link.discardInput();
                device.getOutputStream().write("fresh".getBytes());
                assertThat(new String(readAtLeast(link, 5))).isEqualTo("fresh");
            }
        }
    }

    @Test
    void aClosedConnectionReadsAsBrokenAndReopensWhenTheServerAcceptsAgain() throws Exception {
        try (ServerSocket server = server(); ByteLink link = link(server)) {
            link.open();
            server.accept().close(); // the device server drops us (power cycle, idle timeout)
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    link.read(new byte[16], 100);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("closed by the device server");
            link.close();

            link.open();
            try (Socket device = server.accept()) {
                device.getOutputStream().write("R1234\r".getBytes());
                assertThat(new String(readAtLeast(link, 6))).isEqualTo("R1234\r");
            }
        }
    }

    @Test
    void nobodyListeningCannotBeOpened() throws Exception {
        int port;
        try (ServerSocket s = server()) {
            port = s.getLocalPort();
        }
        ByteLink link = ByteLinks.tcp(new TcpSettings("127.0.0.1", port, null));

        assertThatThrownBy(link::open).isInstanceOf(IOException.class)
                .hasMessageStartingWith("tcp 127.0.0.1:" + port + ": ");
        assertThatThrownBy(() -> link.read(new byte[1], 10)).isInstanceOf(IOException.class).hasMessageContaining("not open");
        link.close();
    }

    @Test
    void anUnknownHostCannotBeOpened() {
        ByteLink link = ByteLinks.tcp(new TcpSettings("no-such-host.invalid", 4001, null));

        assertThatThrownBy(link::open).isInstanceOf(IOException.class).hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void closeFromAnotherThreadUnblocksARead() throws Exception {
        try (ServerSocket server = server(); ByteLink link = link(server)) {
            link.open();
            try (Socket device = server.accept()) {
                CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                    try {
                        link.read(new byte[16], 60_000);
                        return null;
                    } catch (IOException e) {
                        return e;
                    }
                });
                Thread.sleep(200);
                link.close();
                assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            }
        }
    }
}
