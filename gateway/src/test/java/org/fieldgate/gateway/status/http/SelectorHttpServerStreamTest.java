package org.fieldgate.gateway.status.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server-sent event streams: bounded in number, and a client that does not read is let go. */
class SelectorHttpServerStreamTest {

    private SelectorHttpServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private InetSocketAddress start() throws Exception {
        server = SelectorHttpServer.start(new InetSocketAddress("127.0.0.1", 0),
                r -> r.path().equals("/events") ? Route.answer(Response.EVENT_STREAM)
                        : Route.answer(Response.text(200, "ok\n")), Limits.DEFAULT, List.of(), "test-http");
        return server.address();
    }

    private Socket openStream(InetSocketAddress a) throws Exception {
        Socket s = new Socket(a.getAddress(), a.getPort());
        sockets.add(s);
        s.setSoTimeout(3000);
        s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static String readSome(Socket s, int atLeast) throws Exception {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        StringBuilder out = new StringBuilder();
        while (out.length() < atLeast) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void everyOpenStreamGetsEveryBroadcastAndOneTooManyIsRefused() throws Exception {
        InetSocketAddress a = start();
        List<Socket> streams = new ArrayList<>();
        for (int i = 0; i < SelectorHttpServer.MAX_STREAMS; i++) {
            streams.add(openStream(a));
        }
        Await.until("all streams open", 5, () -> server.streams() == SelectorHttpServer.MAX_STREAMS);
        Socket extra = openStream(a);
        assertThat(readSome(extra, 12)).startsWith("HTTP/1.1 503");

        server.broadcast("event: status\ndata: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
        for (Socket s : streams) {
            String got = readSome(s, 1);
            while (!got.contains("data: {\"n\":1}")) {
                got += readSome(s, 1);
            }
            assertThat(got).startsWith("HTTP/1.1 200 OK").contains("text/event-stream");
        }
        streams.get(0).close();
        Await.until("a closed stream is counted out", 5, () -> server.streams() == SelectorHttpServer.MAX_STREAMS - 1);
    }

    @Test
    void aClientThatNeverReadsIsDroppedOnceItsBacklogIsFullAndTheOthersGoOn() throws Exception {
        InetSocketAddress a = start();
        Socket stuck = openStream(a);
        stuck.setReceiveBufferSize(4096);
        Socket reader = openStream(a);
        Await.until("two streams", 5, () -> server.streams() == 2);
        byte[] event = new byte[16 * 1024];
        Arrays.fill(event, (byte) 'x');
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        Thread drain = new Thread(() -> {
            try {
                InputStream in = reader.getInputStream();
                byte[] buf = new byte[65536];
                while (in.read(buf) >= 0) {
                    // keep up
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        drain.setDaemon(true);
        drain.start();
        // 8 MB: more than any socket buffers plus the 256 KB the server keeps for one client
        for (int i = 0; i < 512; i++) {
            server.broadcast(event);
            if (i % 64 == 0) {
                Thread.sleep(20);
            }
        }
        Await.until("the stuck stream dropped, the reading one kept", 10, () -> server.streams() == 1);
        assertThat(server.alive()).isTrue();
    }
}
