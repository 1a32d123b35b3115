package org.fieldgate.gateway.status.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw HTTP over a plain socket: for what {@code java.net.http} will not send (a Host of our choice, half a request). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as is and reads until the server closes; the whole answer. */
    public static String exchange(InetSocketAddress server, String request, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readAll(s.getInputStream());
        }
    }

    /** Everything until end of stream. */
    public static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        for (int n; (n = in.read(b)) >= 0; ) {
            out.write(b, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status code of an answer ({@code HTTP/1.1 200 OK...}), -1 when there is none. */
    public static int status(String answer) {
        if (!answer.startsWith("HTTP/1.")) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** The body of an answer. */
    public static String body(String answer) {
        int i = answer.indexOf("\r\n\r\n");
        return i < 0 ? "" : answer.substring(i + 4);
    }

    /** {@code GET path} with {@code Host: host}. */
    public static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }
}
