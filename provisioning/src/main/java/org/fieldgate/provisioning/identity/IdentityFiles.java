package org.fieldgate.provisioning.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fieldgate.gateway.store.PrivateFiles;

/**
 * The gateway's identity on disk, in one folder ({@code identity/} beside the store): its EC P-256
 * key ({@code gateway.key}, PKCS#8 PEM, 0600, made on the device and never leaving it), the
 * certificate request ({@code gateway.csr}) and the certificate the network's CA returned
 * ({@code gateway.crt}). When run as root the files go to the service user {@code fieldgate}.
 */
public final class IdentityFiles {

    private final Path dir;

    public IdentityFiles(Path dir) {
        this.dir = dir;
    }

    public Path key() {
        return dir.resolve("gateway.key");
    }

    public Path csr() {
        return dir.resolve("gateway.csr");
    }

    public Path cert() {
        return dir.resolve("gateway.crt");
    }

    /** A new P-256 key pair in {@link #key()}, created owner-only before a byte of it is written. */
    KeyPair newKey() throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = g.generateKeyPair();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            PrivateFiles.toServiceUser(dir);
        }
        Path tmp = dir.resolve("gateway.key.new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        PrivateFiles.toServiceUser(tmp);
        Files.move(tmp, key(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return pair;
    }

    /** The key in {@link #key()}. */
    PrivateKey readKey() throws IOException, GeneralSecurityException {
        byte[] der = der(Files.readString(key(), StandardCharsets.US_ASCII), "PRIVATE KEY");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Writes {@link #csr()}: subject {@code CN=<gateway id>, O=fieldgate}, signed with the key. */
    PKCS10CertificationRequest writeCsr(String gatewayId, KeyPair pair) throws IOException {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=" + gatewayId + ",O=fieldgate"), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(text)) {
                w.writeObject(csr);
            }
            Files.writeString(csr(), text.toString(), StandardCharsets.US_ASCII);
            PrivateFiles.toServiceUser(csr());
            return csr;
        } catch (OperatorCreationException e) {
            throw new IOException("cannot sign the request: " + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM file, in file order. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (var in = Files.newInputStream(file)) {
            for (var c : f.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no certificate");
        }
        return out;
    }

    /** True when {@code cert} certifies the public half of {@code key}: a signature made with one verifies with the other. */
    static boolean matches(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false; // e.g. an RSA certificate made for another request
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(challenge);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(challenge);
        return v.verify(sig);
    }

    /** Installs {@code chain} (the returned certificate first) as {@link #cert()}. */
    void installCert(Path from) throws IOException {
        Path tmp = dir.resolve("gateway.crt.new");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.toServiceUser(tmp);
        Files.move(tmp, cert(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) throws IOException {
        int a = pem.indexOf("-----BEGIN " + type + "-----");
        int b = pem.indexOf("-----END " + type + "-----");
        if (a < 0 || b < a) {
            throw new IOException("not a PEM " + type);
        }
        return Base64.getMimeDecoder().decode(pem.substring(a + ("-----BEGIN " + type + "-----").length(), b));
    }
}
