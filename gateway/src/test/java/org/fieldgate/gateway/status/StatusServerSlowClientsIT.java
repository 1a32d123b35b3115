package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.outputs.AckOutcome;
import org.fieldgate.gateway.status.http.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect and stall, on real loopback sockets against the status server as the
 * gateway starts it: they must not hold up {@code /healthz} or {@code /api/status}.
 */
class StatusServerSlowClientsIT {

    private final List<Socket> stalled = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void closeThem() throws Exception {
        for (Socket s : stalled) {
            s.close();
        }
    }

    @Test
    void fiftyIdleAndHalfSentConnectionsDoNotDelayHealthzStatusOrAck() throws Exception {
        ApiToken token = ApiToken.loadOrCreate(dir.resolve("api.token"));
        try (StatusServer server = StatusServer.start(new HostPort("127.0.0.1", 0), false,
                StatusServerTest::report, () -> null, new ObjectMapper(), (rule, by) -> AckOutcome.ACKNOWLEDGED,
                token)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.address().port());
            assertThat(RawHttp.status(RawHttp.exchange(at, RawHttp.get("/healthz", "127.0.0.1"),
                    Duration.ofSeconds(5)))).as("warm-up").isEqualTo(200);

            for (int i = 0; i < 50; i++) {
                Socket s = new Socket();
                s.connect(at, 2000);
                stalled.add(s);
                OutputStream out = s.getOutputStream();
                // a third send nothing, a third half a request line, a third a request line and half the headers
                switch (i % 3) {
                    case 1 -> out.write("GET /heal".getBytes(StandardCharsets.US_ASCII));
                    case 2 -> out.write("GET /api/status HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
                    default -> { }
                }
                out.flush();
            }
            Thread.sleep(200); // let the server see every one of them

            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                String answer = RawHttp.exchange(at, RawHttp.get("/healthz", "127.0.0.1"), Duration.ofSeconds(10));
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
                assertThat(RawHttp.status(answer)).isEqualTo(200);
            }
            Arrays.sort(millis);
            System.out.println("/healthz with 50 stalled clients, ms: " + Arrays.toString(millis));
            assertThat(millis[millis.length / 2]).as("median /healthz time in ms with 50 stalled clients, all: %s",
                    Arrays.toString(millis)).isLessThanOrEqualTo(100);

            String status = RawHttp.exchange(at, RawHttp.get("/api/status", "127.0.0.1"), Duration.ofSeconds(10));
            assertThat(RawHttp.status(status)).isEqualTo(200);
            String ack = RawHttp.exchange(at, "POST /api/ack/flood HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + ApiToken.read(dir.resolve("api.token")) + "\r\nContent-Length: 0\r\n\r\n", Duration.ofSeconds(10));
            assertThat(RawHttp.status(ack)).isEqualTo(200);
        }
    }
}
