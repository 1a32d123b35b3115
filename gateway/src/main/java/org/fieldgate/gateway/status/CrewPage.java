package org.fieldgate.gateway.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fieldgate.gateway.status.http.Request;
import org.fieldgate.gateway.status.http.Response;

/**
 * The field crews' page ({@code GET /}): one self-contained HTML file (its CSS and script inline, no
 * font, image or request beyond this gateway), read from the jar once and kept with its gzip form.
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

    private final byte[] html;
    private final byte[] gzip;

    private CrewPage(byte[] html) {
        this.html = html;
        this.gzip = gzip(html);
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

    int size() {
        return html.length;
    }

    Response response(Request r) {
        String accept = r.header("Accept-Encoding");
        boolean gz = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
        Response page = new Response(200, "text/html", gz ? gzip : html, Map.of())
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
