package org.fieldgate.gateway.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fieldgate.gateway.status.http.Request;
import org.fieldgate.gateway.status.http.Response;

/**
 * The field crews' page ({@code GET /}): one self-contained HTML file (its CSS and script inline, no
 * font, image or request beyond this gateway), read from the jar once; each answer carries the current
 * status report inside it.
 * The page reads {@code api/status}, follows {@code api/events} and posts {@code api/crew/ack/RULE}
 * with the crew's PIN; Vietnamese by default, English one tap away. Docs: docs/status-page.md.
 */
final class CrewPage {

    static final String RESOURCE = "crew-page.html";
    /**
     * What the browser may load: this gateway only. Inline script and style are the page itself;
     * nothing from another origin runs, is fetched or frames the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline';"
            + " style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    /** Where the page carries the report it is first drawn from. */
    static final String INITIAL = "<script id=\"initial\" type=\"application/json\">null</script>";

    private final String before;
    private final String after;

    private CrewPage(byte[] html) {
        String page = new String(html, StandardCharsets.UTF_8);
        int at = page.indexOf(INITIAL);
        if (at < 0) {
            throw new IllegalStateException(RESOURCE + " has no " + INITIAL);
        }
        this.before = page.substring(0, at + INITIAL.length() - "null</script>".length());
        this.after = page.substring(at + INITIAL.length() - "</script>".length());
    }

    /** The page from the jar. */
    static CrewPage load() {
        try (InputStream in = CrewPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new CrewPage(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " from the jar", e);
        }
    }

    /**
     * The page with {@code reportJson} (the status report) inside it, so that it is drawn at once,
     * before any request of its own (and by a browser that only dumps the DOM). {@code <} is escaped,
     * so no value can end the script element.
     */
    Response response(Request r, String reportJson) {
        byte[] html = (before + reportJson.replace("<", "\\u003c") + after).getBytes(StandardCharsets.UTF_8);
        String accept = r.header("Accept-Encoding");
        boolean gz = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
        Response page = new Response(200, "text/html", gz ? gzip(html) : html, Map.of())
                .with("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .with("Referrer-Policy", "no-referrer")
                .with("X-Frame-Options", "DENY")
                .with("Vary", "Accept-Encoding");
        return gz ? page.with("Content-Encoding", "gzip") : page;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }
}
