package org.fieldgate.gateway.status.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestReaderTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 1);

    /** Feeds {@code text} one byte at a time; the outcome after the last byte (or the first that is not MORE). */
    private static RequestReader.Outcome trickle(String text) {
        RequestReader reader = new RequestReader(Limits.DEFAULT, PEER);
        RequestReader.Outcome o = RequestReader.Outcome.MORE;
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            o = reader.feed(ByteBuffer.wrap(new byte[] {b}));
            if (o != RequestReader.Outcome.MORE) {
                return o;
            }
        }
        return o;
    }

    @Test
    void aRequestSentOneByteAtATimeIsReadOnceComplete() {
        RequestReader.Outcome o = trickle("POST /api/ack/flood?by=an HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                + "Authorization: Bearer abc\r\nX-Two: a\r\nx-two: b\r\nContent-Length: 3\r\n\r\nxyz");

        Request r = o.request();
        assertThat(r).isNotNull();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/ack/flood");
        assertThat(r.query()).isEqualTo("by=an");
        assertThat(r.header("HOST")).isEqualTo("127.0.0.1:8080");
        assertThat(r.header("x-two")).isEqualTo("a, b");
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("xyz");
    }

    @Test
    void nothingIsReadBeforeTheBlankLine() {
        assertThat(trickle("GET / HTTP/1.1\r\nHost: x\r\n")).isSameAs(RequestReader.Outcome.MORE);
        assertThat(trickle("GET / HTTP/1.1\r\nHost: x\r\n\r").request()).isNull();
        assertThat(trickle("GET / HTTP/1.1\nHost: x\n\n").request()).as("bare LF").isNotNull();
    }
}
