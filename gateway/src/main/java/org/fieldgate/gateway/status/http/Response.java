package org.fieldgate.gateway.status.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response: every response closes its connection ({@code Connection: close}) and is never
 * cached ({@code Cache-Control: no-store}).
 *
 * @param status      HTTP status code
 * @param contentType media type without charset (UTF-8 is added)
 * @param body        the body
 * @param headers     further headers (e.g. {@code Allow}, {@code WWW-Authenticate})
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public Response {
        headers = Map.copyOf(headers);
    }

    /**
     * The answer that turns the connection into a server-sent events stream (text/event-stream, no
     * length; see {@link SelectorHttpServer#broadcast}). Compared by identity.
     */
    public static final Response EVENT_STREAM = new Response(200, "text/event-stream", new byte[0], Map.of());

    public static Response text(int status, String text) {
        return new Response(status, "text/plain", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response json(int status, byte[] json) {
        return new Response(status, "application/json", json, Map.of());
    }

    /** This response with one more header. */
    public Response with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }

    /** Status line, headers and (unless {@code head}) body, as sent. */
    byte[] encode(boolean head) {
        StringBuilder s = new StringBuilder(128);
        s.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        s.append("Content-Type: ").append(contentType).append("; charset=utf-8\r\n");
        if (this != EVENT_STREAM) {
            s.append("Content-Length: ").append(body.length).append("\r\n");
        }
        s.append("Cache-Control: no-store\r\n");
        s.append("X-Content-Type-Options: nosniff\r\n");
        s.append("Connection: close\r\n");
        headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
        s.append("\r\n");
        byte[] top = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return top;
        }
        byte[] all = new byte[top.length + body.length];
        System.arraycopy(top, 0, all, 0, top.length);
        System.arraycopy(body, 0, all, top.length, body.length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
