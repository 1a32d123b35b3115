package org.fieldgate.gateway.status.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.fieldgate.gateway.supervision.Supervisor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The selector server's limits, on real loopback sockets with short timeouts. */
class SelectorHttpServerTest {

    private static final Lane LANE = new Lane("test", 1, 1);
    private static final Limits SHORT = new Limits(4, Duration.ofMillis(300), Duration.ofMillis(500), 256, 64);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();
    private SelectorHttpServer server;

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress start(Limits limits) throws Exception {
        return start(limits, LoopStarter.PLAIN);
    }

    private InetSocketAddress start(Limits limits, LoopStarter threads) throws Exception {
        server = SelectorHttpServer.start(new InetSocketAddress("127.0.0.1", 0), r -> switch (r.path()) {
            case "/slow" -> new Route(LANE, x -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Response.text(200, "slow\n");
            });
            case "/echo" -> new Route(LANE, x -> Response.text(200, new String(x.body(), StandardCharsets.UTF_8)));
            case "/boom" -> new Route(LANE, x -> {
                throw new IllegalStateException("boom");
            });
            case "/error" -> throw new AssertionError("an Error while routing, on the selector thread");
            default -> Route.answer(Response.text(200, "hello\n"));
        }, limits, List.of(LANE), "test-http", threads);
        return server.address();
    }

    private Socket open(InetSocketAddress at, String send) throws Exception {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(at, 2000);
        s.setSoTimeout((int) WAIT.toMillis());
        s.getOutputStream().write(send.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void anErrorOnTheSelectorThreadRestartsItUnderTheSupervisor() throws Exception {
        Supervisor supervisor = Supervisor.system();
        try {
            InetSocketAddress at = start(SHORT, supervisor);
            try {
                RawHttp.exchange(at, RawHttp.get("/error", "x"), WAIT); // that connection is dropped
            } catch (java.io.IOException expected) {
                // reset or closed without an answer
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            String answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = RawHttp.exchange(at, RawHttp.get("/", "x"), Duration.ofSeconds(3));
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).as("served again after the restart").isNotNull();
            assertThat(RawHttp.status(answer)).isEqualTo(200);
            assertThat(supervisor.parts().get(0).restarts()).isEqualTo(1);
            assertThat(supervisor.parts().get(0).lastError()).startsWith("AssertionError: an Error while routing");
            assertThat(server.alive()).isTrue();
        } finally {
            supervisor.close();
        }
    }

    @Test
    void answersAndClosesEachConnection() throws Exception {
        InetSocketAddress at = start(SHORT);
        String a = RawHttp.exchange(at, RawHttp.get("/", "x"), WAIT);
        assertThat(RawHttp.status(a)).isEqualTo(200);
        assertThat(a).contains("Connection: close", "Content-Length: 6", "Cache-Control: no-store");
        assertThat(RawHttp.body(a)).isEqualTo("hello\n");
        String head = RawHttp.exchange(at, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", WAIT);
        assertThat(head).contains("Content-Length: 6").endsWith("\r\n\r\n");
        String echo = RawHttp.exchange(at, "POST /echo HTTP/1.0\nContent-Length: 5\n\nabcde", WAIT);
        assertThat(RawHttp.body(echo)).as("HTTP/1.0, bare LF lines, a body").isEqualTo("abcde");
        assertThat(RawHttp.status(RawHttp.exchange(at, RawHttp.get("/boom", "x"), WAIT))).isEqualTo(500);

        Socket halfClosed = open(at, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
        halfClosed.shutdownOutput(); // like printf ... | nc
        assertThat(RawHttp.body(RawHttp.readAll(halfClosed.getInputStream()))).as("still answered").isEqualTo("ok");
    }

    @Test
    void aHalfSentRequestIsAnswered408AndAnIdleConnectionClosedAfterTheTimeout() throws Exception {
        InetSocketAddress at = start(SHORT);
        Socket half = open(at, "GET /ind");
        Socket idle = open(at, "");
        long t0 = System.nanoTime();

        assertThat(RawHttp.status(RawHttp.readAll(half.getInputStream()))).isEqualTo(408);
        assertThat(idle.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void oversizedOrMalformedRequestsAreRefused() throws Exception {
        InetSocketAddress at = start(SHORT);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(300)
                + "\r\n\r\n", WAIT))).isEqualTo(431);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET /" + "a".repeat(1000), WAIT)))
                .as("a request line that never ends").isEqualTo(431);
        assertThat(RawHttp.status(RawHttp.exchange(at, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n",
                WAIT))).isEqualTo(413);
        assertThat(RawHttp.status(RawHttp.exchange(at, "POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n", WAIT))).isEqualTo(501);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET / HTTP/1.1\r\n\r\n", WAIT))).as("no Host").isEqualTo(400);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", WAIT)))
                .isEqualTo(400);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", WAIT)))
                .isEqualTo(400);
        assertThat(RawHttp.status(RawHttp.exchange(at, "GET / HTTP/2.0\r\nHost: x\r\n\r\n", WAIT))).isEqualTo(505);
    }

    @Test
    void aFullLaneAnswers503AtOnceAndOtherRoutesStillWork() throws Exception {
        InetSocketAddress at = start(new Limits(8, Duration.ofSeconds(5), Duration.ofSeconds(5), 256, 64));
        Socket busy = open(at, RawHttp.get("/slow", "x"));
        Thread.sleep(200); // the lane's one thread is taken
        Socket queued = open(at, RawHttp.get("/slow", "x"));
        Thread.sleep(200); // and its queue of one is full

        assertThat(RawHttp.status(RawHttp.exchange(at, RawHttp.get("/slow", "x"), WAIT))).isEqualTo(503);
        assertThat(RawHttp.status(RawHttp.exchange(at, RawHttp.get("/", "x"), WAIT))).isEqualTo(200);

        release.countDown();
        assertThat(RawHttp.body(RawHttp.readAll(busy.getInputStream()))).isEqualTo("slow\n");
        assertThat(RawHttp.body(RawHttp.readAll(queued.getInputStream()))).isEqualTo("slow\n");
    }

    @Test
    void aHandlerThatTakesTooLongLosesItsConnection() throws Exception {
        InetSocketAddress at = start(SHORT);
        Socket slow = open(at, RawHttp.get("/slow", "x"));
        long t0 = System.nanoTime();
        assertThat(slow.getInputStream().read()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void atTheConnectionCapTheOldestUnfinishedConnectionMakesRoom() throws Exception {
        InetSocketAddress at = start(new Limits(4, Duration.ofSeconds(30), Duration.ofSeconds(5), 256, 64));
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            idle.add(open(at, i % 2 == 0 ? "" : "GET /"));
        }
        Thread.sleep(200);

        assertThat(RawHttp.status(RawHttp.exchange(at, RawHttp.get("/", "x"), WAIT))).isEqualTo(200);
        InputStream first = idle.get(0).getInputStream();
        assertThat(first.read()).as("the oldest idle connection was closed").isEqualTo(-1);
        OutputStream last = idle.get(3).getOutputStream();
        last.write(" HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.status(RawHttp.readAll(idle.get(3).getInputStream()))).as("the newest still served")
                .isEqualTo(200);
    }

    @Test
    void aliveUntilClosed() throws Exception {
        start(SHORT);
        assertThat(server.alive()).isTrue();
        server.close();
        assertThat(server.alive()).isFalse();
    }
}
