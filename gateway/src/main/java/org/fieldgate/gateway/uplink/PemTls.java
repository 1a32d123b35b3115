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
 * {@link #verify} runs the same checks without building a factory (for {@code fieldgate check}).
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

    static SSLSocketFactory socketFactory(Path ca, Path cert, Path key) throws IOException {
        return socketFactory(ca, cert, key, Clock.systemUTC());
    }

    static SSLSocketFactory socketFactory(Path ca, Path cert, Path key, Clock clock) throws IOException {
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

    static List<X509Certificate> certificates(Path file) throws IOException {
        return certificates("certificate", file);
    }

    private static List<X509Certificate> certificates(String what, Path file) throws IOException {
        List<byte[]> blocks = blocks(what, file, "CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new IOException(what + " " + file + ": no PEM CERTIFICATE block (expected a PEM file with"
                    + " -----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(what + " " + file + ": not a valid X.509 certificate (" + e.getMessage() + ")", e);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException {
        List<byte[]> keys = blocks("tls.key", file, "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new IOException("tls.key " + file + ": no unencrypted PKCS#8 'BEGIN PRIVATE KEY' block"
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
        throw new IOException("tls.key " + file + ": not a valid RSA or EC private key");
    }

    /** The key belongs to the certificate when what it signs the certificate's public key verifies. */
    private static void checkPair(PrivateKey key, Path keyFile, X509Certificate cert, Path certFile)
            throws IOException {
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
            throw new IOException("tls.key " + keyFile + " does not match the certificate in tls.cert " + certFile
                    + " (" + subject(cert) + "): use the key the certificate was issued for");
        }
    }

    private static void checkValid(String what, Path file, X509Certificate cert, Instant now) throws IOException {
        Date at = Date.from(now);
        if (at.after(cert.getNotAfter())) {
            throw new IOException(what + " " + file + ": certificate " + subject(cert) + " expired on "
                    + cert.getNotAfter().toInstant() + " (now " + now + "): renew it");
        }
        if (at.before(cert.getNotBefore())) {
            throw new IOException(what + " " + file + ": certificate " + subject(cert) + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (now " + now + "): is the gateway's clock right?");
        }
    }

    /** A bundle may hold old CAs; it is only an error when none of them is valid now. */
    private static void checkAnyValid(String what, Path file, List<X509Certificate> certs, Instant now)
            throws IOException {
        IOException first = null;
        for (X509Certificate c : certs) {
            try {
                checkValid(what, file, c, now);
                return;
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static String subject(X509Certificate cert) {
        return "'" + cert.getSubjectX500Principal().getName() + "'";
    }

    private static List<byte[]> blocks(String what, Path file, String type) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IOException(what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(what + " " + file + ": cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new IOException(what + " " + file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        if (!text.contains("-----BEGIN ")) {
            throw new IOException(what + " " + file + ": not a PEM file (no -----BEGIN line; a DER file? convert"
                    + " with: openssl x509 -inform der -in file.der -out file.pem)");
        }
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(what + " " + file + ": a damaged PEM " + type + " block (bad base64)", e);
                }
            }
        }
        return out;
    }
}
