package org.fieldgate.gateway.uplink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's client certificate ({@code uplink.mqtt.tls.cert}) as status and health show it:
 * its subject, its end and whether it is time to renew ({@link #RENEW_AHEAD} before the end). Read
 * again when the file changes ({@code fieldgate-provision install-cert} while the gateway runs), at
 * most once every {@link #RECHECK}; a warning is logged when renewal is due, once per file.
 */
public final class ClientCertificate {

    /** How early the gateway warns of its certificate's end. */
    public static final Duration RENEW_AHEAD = Duration.ofDays(30);
    static final Duration RECHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificate.class);

    private final Path file;
    private final Clock clock;
    private long checkedAt = Long.MIN_VALUE;
    private FileTime readModified;
    private X509Certificate cert;
    private String problem;
    private boolean warned;

    /** @param file {@code tls.cert}, or null (then there is nothing to show) */
    public ClientCertificate(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * What status and health show.
     *
     * @param notAfter  its end (ms), or null when it cannot be read
     * @param daysLeft  whole days to its end (negative once ended), or null
     * @param renewSoon it ends within {@link #RENEW_AHEAD}, has ended or cannot be read
     * @param error     why it cannot be read, or null
     */
    public record State(String file, String subject, Long notAfter, Long daysLeft, boolean renewSoon, String error) {
    }

    /** Its state now, or null when the gateway has no client certificate. */
    public synchronized State status() {
        if (file == null) {
            return null;
        }
        long now = clock.millis();
        if (now - checkedAt >= RECHECK.toMillis() || checkedAt == Long.MIN_VALUE) {
            checkedAt = now;
            reread();
        }
        if (cert == null) {
            return new State(file.toString(), null, null, null, true, problem);
        }
        long notAfter = cert.getNotAfter().getTime();
        long daysLeft = Math.floorDiv(notAfter - now, Duration.ofDays(1).toMillis());
        boolean renew = notAfter - now < RENEW_AHEAD.toMillis();
        if (renew && !warned) {
            warned = true;
            LOG.warn("the gateway's certificate {} ends {} ({} days): renew it (fieldgate-provision identity, then "
                    + "install-cert) or the broker will refuse the gateway", file, cert.getNotAfter().toInstant(), daysLeft);
        }
        return new State(file.toString(), cert.getSubjectX500Principal().getName(), notAfter,
                daysLeft, renew, null);
    }

    private void reread() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readModified) && (cert != null || problem != null)) {
                return;
            }
            readModified = modified;
            cert = PemTls.leafCertificate(file);
            problem = null;
            warned = false;
        } catch (java.io.IOException e) {
            cert = null;
            problem = e.getMessage();
        }
    }
}
