package org.fieldgate.gateway.status.http;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One complete HTTP request as {@link SelectorHttpServer} read it.
 *
 * @param method  e.g. {@code GET}
 * @param path    the raw (not percent-decoded) path of the request target, starting with {@code /}
 * @param query   the raw query after {@code ?}; null when none
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body    the body ({@code Content-Length} bytes; empty when none)
 * @param remote  the peer's address
 */
public record Request(String method, String path, String query, Map<String, String> headers, byte[] body,
                      InetSocketAddress remote) {

    public Request {
        headers = Map.copyOf(headers);
    }

    /** A header's value (name in any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public boolean head() {
        return method.equals("HEAD");
    }
}
