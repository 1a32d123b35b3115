package org.fieldgate.gateway.uplink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLSocketFactory} from PEM files, as technicians receive them: a CA bundle to
 * trust ({@code tls.ca}) and, for mutual TLS, a client certificate chain ({@code tls.cert}) with
 * its unencrypted PKCS#8 key ({@code tls.key}, {@code BEGIN PRIVATE KEY}, RSA or EC).
 *
 * <p>Every problem is an {@link IOException} whose message names the config key and the file and
 * says what is wrong: missing or unreadable, not PEM, not a certificate, expired or not yet valid,
 * a key that does not belong to the certificate (checked by signing a test message with the key and
 * verifying it with the certificate). Key material never appears in a message.
 * {@link #problems} runs the same checks file by file, without building a factory, and returns all
 * of them (for {@code fieldgate check} and the start-up log).
 */
public final class PemTls {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    private static final byte[] PROBE = "fieldgate key check".getBytes(StandardCharsets.US_ASCII);

    private PemTls() {
    }

    /**
     * Checks the files as {@link #socketFactory} would, at {@code clock}'s time.
     *
     * @param ca   CA bundle (required)
     * @param cert client certificate chain, or null (then {@code key} must be null too)
     * @param key  client key, or null
     * @throws IOException naming the file and what is wrong with it
     */
    public static void verify(Path ca, Path cert, Path key, Clock clock) throws IOException {
        socketFactory(ca, cert, key, clock);
    }

    /**
     * Every problem of the files, each file checked on its own (for {@code fieldgate check}, which
     * names them all): unreadable, not PEM, not a certificate or key, expired or not yet valid at
     * {@code clock}'s time, a key that does not match the certificate. Empty when
     * {@link #socketFactory} would succeed.
     */
    public static List<FileProblem> problems(Path ca, Path cert, Path key, Clock clock) {
        List<FileProblem> found = new ArrayList<>();
        Instant now = clock.instant();
        if (ca == null) {
            found.add(new FileProblem("tls.ca", "not set (the CA file that signed the broker's certificate)"));
        } else {
            try {
                checkAnyValid("tls.ca", ca, certificates("tls.ca", ca), now);
            } catch (FileProblem e) {
                found.add(e);
            }
        }
        if ((cert == null) != (key == null)) {
            found.add(new FileProblem(cert == null ? "tls.cert" : "tls.key", "not set (a client certificate"
                    + " needs both tls.cert and tls.key)"));
        }
        X509Certificate leaf = null;
        if (cert != null) {
            try {
                leaf = certificates("tls.cert", cert).get(0);
                checkValid("tls.cert", cert, leaf, now);
            } catch (FileProblem e) {
                found.add(e);
            }
        }
        if (key != null) {
            try {
                PrivateKey privateKey = privateKey(key);
                if (leaf != null) {
                    checkPair(privateKey, key, leaf, cert);
                }
            } catch (FileProblem e) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * A problem with one of the PEM files: {@link #key()} is the config key under
     * {@code uplink.mqtt} ({@code tls.key}), {@link #detail()} the file and what is wrong; the
     * message is both ({@code tls.key /etc/fieldgate/gw.key: no such file}).
     */
    public static final class FileProblem extends IOException {

        private final String key;
        private final String detail;

        FileProblem(String key, String detail) {
            this(key, detail, null);
        }

        FileProblem(String key, String detail, Throwable cause) {
            super(key + " " + detail, cause);
            this.key = key;
            this.detail = detail;
        }

        public String key() {
            return key;
        }

        public String detail() {
            return detail;
        }
    }

    static SSLSocketFactory socketFactory(Path ca, Path cert, Path key) throws IOException {
        return socketFactory(ca, cert, key, Clock.systemUTC());
    }

    /** The socket factory for {@code ssl://} servers (also {@code fieldgate-provision selftest}'s handshake). */
    public static SSLSocketFactory socketFactory(Path ca, Path cert, Path key, Clock clock) throws IOException {
        if (ca == null) {
            throw new IOException("tls.ca: not set (the CA file that signed the broker's certificate)");
        }
        if ((cert == null) != (key == null)) {
            throw new IOException("TLS client authentication needs both tls.cert and tls.key, got only "
                    + (cert == null ? "tls.key " + key : "tls.cert " + cert));
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            List<X509Certificate> cas = certificates("tls.ca", ca);
            checkAnyValid("tls.ca", ca, cas, clock.instant());
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (cert != null) {
                List<X509Certificate> chain = certificates("tls.cert", cert);
                checkValid("tls.cert", cert, chain.get(0), clock.instant());
                PrivateKey privateKey = privateKey(key);
                checkPair(privateKey, key, chain.get(0), cert);
                char[] none = new char[0];
                KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
                identity.load(null, null);
                identity.setKeyEntry("client", privateKey, none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path file) throws FileProblem {
        return certificates("certificate", file);
    }

    /** The first certificate of {@code tls.cert}: the gateway's own. */
    public static X509Certificate leafCertificate(Path file) throws FileProblem {
        return certificates("tls.cert", file).get(0);
    }

    private static List<X509Certificate> certificates(String what, Path file) throws FileProblem {
        List<byte[]> blocks = blocks(what, file, "CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new FileProblem(what, file + ": no PEM CERTIFICATE block (expected a PEM file with"
                    + " -----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FileProblem(what, file + ": not a valid X.509 certificate (" + e.getMessage() + ")", e);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws FileProblem {
        List<byte[]> keys = blocks("tls.key", file, "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new FileProblem("tls.key", file + ": no unencrypted PKCS#8 'BEGIN PRIVATE KEY' block"
                    + " (an encrypted or traditional RSA/EC key? convert with:"
                    + " openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key)");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the PKCS#8 header names the algorithm; trying both is simpler than parsing it
            }
        }
        throw new FileProblem("tls.key", file + ": not a valid RSA or EC private key");
    }

    /** The key belongs to the certificate when what it signs the certificate's public key verifies. */
    private static void checkPair(PrivateKey key, Path keyFile, X509Certificate cert, Path certFile)
            throws FileProblem {
        PublicKey publicKey = cert.getPublicKey();
        boolean matches;
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            matches = false;
        } else {
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            try {
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(PROBE);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(publicKey);
                verifier.update(PROBE);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                matches = false;
            }
        }
        if (!matches) {
            throw new FileProblem("tls.key", keyFile + " does not match the certificate in tls.cert " + certFile
                    + " (" + subject(cert) + "): use the key the certificate was issued for");
        }
    }

    private static void checkValid(String what, Path file, X509Certificate cert, Instant now) throws FileProblem {
        Date at = Date.from(now);
        if (at.after(cert.getNotAfter())) {
            throw new FileProblem(what, file + ": certificate " + subject(cert) + " expired on "
                    + cert.getNotAfter().toInstant() + " (now " + now + "): renew it");
        }
        if (at.before(cert.getNotBefore())) {
            throw new FileProblem(what, file + ": certificate " + subject(cert) + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (now " + now + "): is the gateway's clock right?");
        }
    }

    /** A bundle may hold old CAs; it is only an error when none of them is valid now. */
    private static void checkAnyValid(String what, Path file, List<X509Certificate> certs, Instant now)
            throws FileProblem {
        FileProblem first = null;
        for (X509Certificate c : certs) {
            try {
                checkValid(what, file, c, now);
                return;
            } catch (FileProblem e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static String subject(X509Certificate cert) {
        return "'" + cert.getSubjectX500Principal().getName() + "'";
    }

    private static List<byte[]> blocks(String what, Path file, String type) throws FileProblem {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new FileProblem(what, file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new FileProblem(what, file + ": cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new FileProblem(what, file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        if (!text.contains("-----BEGIN ")) {
            throw new FileProblem(what, file + ": not a PEM file (no -----BEGIN line; a DER file? convert"
                    + " with: openssl x509 -inform der -in file.der -out file.pem)");
        }
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new FileProblem(what, file + ": a damaged PEM " + type + " block (bad base64)", e);
                }
            }
        }
        return out;
    }
}
