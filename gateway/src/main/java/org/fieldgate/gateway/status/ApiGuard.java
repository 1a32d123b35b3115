package org.fieldgate.gateway.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.gateway.status.http.Request;
import org.fieldgate.gateway.status.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the status API, checked before a route runs (cheap: no DNS, no I/O).
 *
 * <ul>
 *   <li>{@link #hostRefusal}: the {@code Host} header must name this server (an IP literal that is
 *       the bind address, or one of this machine's addresses when bound to all; {@code localhost};
 *       the bind name). A page that rebinds its own DNS name to the gateway's address sends its
 *       own name as Host and is refused (DNS rebinding).</li>
 *   <li>{@link #actionRefusal}: an action (acknowledging an alarm) also needs no foreign
 *       {@code Origin} (a browser adds one to a cross-site request: absent or same origin as the
 *       Host only), a loopback peer, and {@code Authorization: Bearer <token>} matching the
 *       {@link ApiToken}.</li>
 *   <li>{@link #originRefusal}: the crews' page actions (any peer, with the crew PIN) need no
 *       foreign {@code Origin} only; the PIN is checked by the route.</li>
 * </ul>
 * Refusals are JSON {@code {"error":…, "message":…}}; nothing of a presented token is logged.
 */
final class ApiGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGuard.class);
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]]+)(?::([0-9]{1,5}))?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+)");

    private final String bindHost;
    private final boolean wildcard;
    private final ApiToken token;
    private final ObjectMapper json;

    /**
     * @param bindHost the configured bind host (an address, a name, or {@code 0.0.0.0}/{@code ::})
     * @param token    the actions' token; null = no action is allowed
     */
    ApiGuard(String bindHost, ApiToken token, ObjectMapper json) {
        this.bindHost = bindHost.toLowerCase(Locale.ROOT);
        this.wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]");
        this.token = token;
        this.json = json;
    }

    /** Null when the request's Host names this server, else a 403. */
    Response hostRefusal(Request r) {
        String host = r.header("Host");
        if (host == null) {
            return null; // HTTP/1.0 without Host: no browser sends that, so no rebinding page either
        }
        Matcher m = HOST.matcher(host);
        if (m.matches() && ours(m.group(1).toLowerCase(Locale.ROOT))) {
            return null;
        }
        return error(403, "host_not_allowed", "Host '" + printable(host) + "' is not this gateway; use its address "
                + "or localhost");
    }

    private boolean ours(String name) {
        if (name.equals("localhost") || name.equals(bindHost)) {
            return true;
        }
        String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
        if (!name.startsWith("[") && !IPV4.matcher(name).matches()) {
            return false; // a name other than ours: never resolved here
        }
        try {
            InetAddress a = InetAddress.getByName(literal); // a literal: no DNS lookup
            if (a.isLoopbackAddress()) {
                return true;
            }
            if (wildcard) {
                // 0.0.0.0 too: the run file's address when bound to all, and where Linux connects it
                return a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
            }
            return a.equals(InetAddress.getByName(bindHost.replaceAll("^\\[|]$", "")));
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /** Null when an action may run (after {@link #hostRefusal}), else a 401 or 403. */
    Response actionRefusal(Request r) {
        Response foreign = originRefusal(r);
        if (foreign != null) {
            return foreign;
        }
        if (r.remote() == null || r.remote().getAddress() == null || !r.remote().getAddress().isLoopbackAddress()) {
            LOG.warn("refused an action from {} (loopback only)", r.remote());
            return error(403, "not_loopback", "actions are allowed from the gateway itself only (loopback)");
        }
        String authorization = r.header("Authorization");
        Matcher m = authorization == null ? null : BEARER.matcher(authorization);
        if (m == null || !m.matches()) {
            return error(401, "token_required", "send Authorization: Bearer <token>, the token from the gateway's "
                    + "API token file (fieldgate ack --config FILE does)").with("WWW-Authenticate",
                    "Bearer realm=\"fieldgate\"");
        }
        if (token == null) {
            return error(401, "no_token", "this gateway could not read or create its API token; see its log")
                    .with("WWW-Authenticate", "Bearer realm=\"fieldgate\"");
        }
        if (!token.matches(m.group(1))) {
            LOG.warn("refused an action from {}: wrong API token", r.remote());
            return error(401, "bad_token", "wrong API token").with("WWW-Authenticate",
                    "Bearer realm=\"fieldgate\", error=\"invalid_token\"");
        }
        return null;
    }

    /**
     * Null unless the request comes from another site's page: a browser adds {@code Origin} to a
     * cross-site request, and it must be absent or this server's own (the Host it was sent to).
     */
    Response originRefusal(Request r) {
        String origin = r.header("Origin");
        String host = r.header("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            LOG.warn("refused an action from {}: Origin {} is not this gateway", r.remote(), printable(origin));
            return error(403, "foreign_origin", "requests from another site's page are refused (Origin '"
                    + printable(origin) + "')");
        }
        return null;
    }

    Response error(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        try {
            return Response.json(status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most 100 printable ASCII characters of a header, for a message or a log line. */
    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }
}
