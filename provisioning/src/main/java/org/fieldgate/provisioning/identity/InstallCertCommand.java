package org.fieldgate.provisioning.identity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.fieldgate.gateway.uplink.ClientCertificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.ConfigProblem;
import org.fieldgate.provisioning.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate-provision install-cert}: checks that the certificate the CA returned is for this
 * gateway's key and chains to the brokers' CA ({@code tls.ca}), installs it beside the key, and
 * names both in the config's {@code tls:}.
 */
@Command(name = "install-cert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Installs the certificate the network's CA returned for this gateway.",
            "Only once it matches the gateway's key and chains to tls.ca; with --config, names it in tls: there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:installed", "1:it does not match the key, does not chain to the CA, or has expired",
            "2:bad config or options"})
public final class InstallCertCommand implements Callable<Integer> {

    /** The config line {@code init} writes when it knows the CA: {@code tls: { ca: "…" }}. */
    private static final Pattern CA_ONLY = Pattern.compile("(?m)^(\\s*)tls: \\{ ca: (\"[^\"]*\"|[^,}]+) \\}[ \\t]*$");

    @Spec
    CommandSpec spec;

    @Option(names = "--cert", required = true, paramLabel = "FILE",
            description = "The certificate the CA returned (PEM; intermediates may follow it).")
    Path certFile;

    @Option(names = "--config", paramLabel = "FILE", description = "The site's config: tls.ca, identity/ beside the store "
            + "(default: /etc/fieldgate/fieldgate.yaml when installed, else ./fieldgate.yaml).")
    Path config;

    @Option(names = "--ca", paramLabel = "FILE", description = "The CA to chain to (default: the config's tls.ca).")
    Path ca;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the identity lives (default: identity/ beside the store).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path where = dir;
        Path caFile = ca;
        String gw = null;
        if (config == null && dir == null && ca == null) {
            config = DefaultConfig.path();
        }
        if (config != null) {
            try {
                SiteConfig site = SiteConfig.of(config);
                where = where != null ? where : site.identityDir();
                caFile = caFile != null ? caFile : site.ca();
                gw = site.gatewayId();
            } catch (ConfigException e) {
                err.println("install-cert: " + config + " is not valid:");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return 2;
            }
        }
        if (where == null || caFile == null) {
            err.println("install-cert: give --config FILE (with tls.ca), or --dir and --ca");
            err.flush();
            return 2;
        }
        IdentityFiles files = new IdentityFiles(where);
        try {
            List<X509Certificate> chain = IdentityFiles.certificates(certFile);
            X509Certificate cert = chain.get(0);
            if (!Files.exists(files.key())) {
                err.println("install-cert: no key in " + where + ": run fieldgate-provision identity first");
                err.flush();
                return 1;
            }
            if (!IdentityFiles.matches(cert, files.readKey())) {
                err.println("install-cert: " + certFile + " is not for this gateway's key (" + files.key()
                        + "): was it issued for another request?");
                err.flush();
                return 1;
            }
            String chainProblem = chainProblem(chain, caFile);
            if (chainProblem != null) {
                err.println("install-cert: " + certFile + " does not chain to " + caFile + ": " + chainProblem);
                err.flush();
                return 1;
            }
            Instant end = cert.getNotAfter().toInstant();
            if (end.isBefore(Instant.now())) {
                err.println("install-cert: " + certFile + " expired on " + end);
                err.flush();
                return 1;
            }
            files.installCert(certFile);
            out.println("installed " + files.cert() + ": " + cert.getSubjectX500Principal().getName() + ", valid until "
                    + end + " (" + Duration.between(Instant.now(), end).toDays() + " days)");
            if (gw != null && !cert.getSubjectX500Principal().getName().contains("CN=" + gw)) {
                out.println("warning: its subject does not name the gateway id " + gw);
            }
            if (Duration.between(Instant.now(), end).compareTo(ClientCertificate.RENEW_AHEAD) < 0) {
                out.println("warning: it ends within " + ClientCertificate.RENEW_AHEAD.toDays() + " days");
            }
            return config == null ? 0 : nameInConfig(files, out, err);
        } catch (IOException | GeneralSecurityException e) {
            err.println("install-cert: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Null when the leaf (with the intermediates after it) validates up to a certificate of {@code caFile}. */
    static String chainProblem(List<X509Certificate> chain, Path caFile) throws IOException, GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : IdentityFiles.certificates(caFile)) {
            anchors.add(new TrustAnchor(c, null));
        }
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false); // a site without uplink cannot reach a CRL or OCSP responder
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
            return null;
        } catch (java.security.cert.CertPathValidatorException e) {
            return e.getMessage();
        }
    }

    /** Adds {@code cert} and {@code key} to the config's {@code tls: { ca: … }} line, then checks the config. */
    private int nameInConfig(IdentityFiles files, PrintWriter out, PrintWriter err) throws IOException {
        String text = Files.readString(config, StandardCharsets.UTF_8);
        Matcher m = CA_ONLY.matcher(text);
        String wanted = "tls: { ca: …, cert: " + files.cert() + ", key: " + files.key() + " }";
        if (!m.find()) {
            if (text.contains(files.cert().toString())) {
                out.println(config + " names the certificate already");
                return 0;
            }
            out.println("add to uplink.mqtt in " + config + ":  " + wanted);
            return 0;
        }
        String line = m.group(1) + "tls: { ca: " + m.group(2) + ", cert: \"" + files.cert() + "\", key: \""
                + files.key() + "\" }";
        String updated = text.substring(0, m.start()) + line + text.substring(m.end());
        Path tmp = config.resolveSibling(config.getFileName() + ".new");
        Files.writeString(tmp, updated, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(config));
        List<ConfigProblem> problems = ConfigLoader.check(tmp, DriverRegistry.load());
        if (!problems.isEmpty()) {
            Files.delete(tmp);
            err.println("install-cert: naming the certificate in " + config + " would make it invalid; add it by hand:");
            problems.forEach(p -> err.println("  " + p));
            err.flush();
            return 1;
        }
        Files.move(tmp, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.println("named in " + config + " (uplink.mqtt.tls); restart the gateway to use it");
        return 0;
    }
}
