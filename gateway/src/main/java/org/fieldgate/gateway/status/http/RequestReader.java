package org.fieldgate.gateway.status.http;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the bytes of one HTTP/1.x request as they arrive, within {@link Limits}: never holds more
 * than {@code maxHeaderBytes + maxBodyBytes}. Only {@code Content-Length} bodies (no chunked
 * request bodies: nothing this API accepts needs one). Used by the selector thread only.
 */
final class RequestReader {

    /** What the bytes so far amount to: {@code request} when complete, {@code error} when refused, else both null. */
    record Outcome(Request request, Response error) {
        static final Outcome MORE = new Outcome(null, null);

        static Outcome refuse(int status, String why) {
            return new Outcome(null, Response.text(status, why + "\n"));
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]*");

    private final Limits limits;
    private final InetSocketAddress remote;
    private byte[] buf = new byte[512];
    private int size;
    private int headEnd = -1;   // index after the blank line, once found
    private int scanned;        // bytes searched for the blank line so far (a trickle is not searched again)
    private int bodyLength = -1;
    private Request head;       // parsed head, body still missing

    RequestReader(Limits limits, InetSocketAddress remote) {
        this.limits = limits;
        this.remote = remote;
    }

    /** True once any byte arrived. */
    boolean started() {
        return size > 0;
    }

    Outcome feed(ByteBuffer in) {
        int n = in.remaining();
        int cap = limits.maxHeaderBytes() + limits.maxBodyBytes();
        if (size + n > cap) {
            n = cap - size; // the rest is judged below: too big either way
        }
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(cap, Math.max(buf.length * 2, size + n)));
        }
        in.get(buf, size, n);
        in.clear();
        size += n;
        if (headEnd < 0) {
            headEnd = blankLine();
            if (headEnd < 0 ? size >= limits.maxHeaderBytes() : headEnd > limits.maxHeaderBytes()) {
                return Outcome.refuse(431, "request line and headers longer than " + limits.maxHeaderBytes() + " bytes");
            }
            if (headEnd < 0) {
                return Outcome.MORE;
            }
            Outcome bad = parseHead();
            if (bad != null) {
                return bad;
            }
        }
        if (size - headEnd < bodyLength) {
            return Outcome.MORE;
        }
        byte[] body = Arrays.copyOfRange(buf, headEnd, headEnd + bodyLength);
        return new Outcome(new Request(head.method(), head.path(), head.query(), head.headers(), body, remote), null);
    }

    /** Index after the first empty line (CRLF CRLF, or bare LF LF), or -1. */
    private int blankLine() {
        int from = Math.max(0, scanned - 3);
        scanned = size;
        for (int i = from; i < size; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < size && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < size && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses request line and headers; null when fine, else the refusal. */
    private Outcome parseHead() {
        String text = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        String[] start = lines[0].split(" ", -1);
        if (start.length != 3 || !TOKEN.matcher(start[0]).matches() || !start[1].startsWith("/")) {
            return Outcome.refuse(400, "bad request line (expected: METHOD /path HTTP/1.1)");
        }
        if (!start[2].equals("HTTP/1.1") && !start[2].equals("HTTP/1.0")) {
            return Outcome.refuse(505, "only HTTP/1.0 and HTTP/1.1");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                return Outcome.refuse(400, "bad header line " + i);
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (!VALUE.matcher(value).matches()) {
                return Outcome.refuse(400, "bad header value of " + name);
            }
            String before = headers.get(name);
            if (before != null && (name.equals("host") || name.equals("content-length")
                    || name.equals("authorization") || name.equals("origin"))) {
                return Outcome.refuse(400, "more than one " + name + " header");
            }
            headers.put(name, before == null ? value : before + ", " + value);
        }
        if (start[2].equals("HTTP/1.1") && !headers.containsKey("host")) {
            return Outcome.refuse(400, "HTTP/1.1 request without Host");
        }
        if (headers.containsKey("transfer-encoding")) {
            return Outcome.refuse(501, "request bodies must have a Content-Length (no Transfer-Encoding)");
        }
        String length = headers.get("content-length");
        bodyLength = 0;
        if (length != null) {
            if (!length.matches("[0-9]{1,9}")) {
                return Outcome.refuse(400, "bad Content-Length");
            }
            bodyLength = Integer.parseInt(length);
            if (bodyLength > limits.maxBodyBytes()) {
                return Outcome.refuse(413, "request body longer than " + limits.maxBodyBytes() + " bytes");
            }
        }
        String target = start[1];
        int q = target.indexOf('?');
        head = new Request(start[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                headers, new byte[0], remote);
        return null;
    }
}
