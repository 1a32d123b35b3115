package org.fieldgate.provisioning.identity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.provisioning.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate-provision identity}: the gateway's EC P-256 key, made on the device (kept if it
 * exists), and a certificate request naming the gateway, for the network's CA.
 */
@Command(name = "identity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes the gateway's key and a certificate request for the network's CA.",
            "The key (EC P-256) is made on this device, owner-only, never printed; the request has",
            "CN = the gateway id. An existing key is kept (a fresh request is written) unless --new-key."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:request written", "1:cannot write", "2:bad config or options"})
public final class IdentityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The site's config: gateway id, and identity/ beside the store "
            + "(default: /etc/fieldgate/fieldgate.yaml when installed, else ./fieldgate.yaml).")
    Path config;

    @Option(names = "--id", paramLabel = "ID", description = "The gateway id, without --config.")
    String id;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the identity lives (default: identity/ beside the store).")
    Path dir;

    @Option(names = "--new-key", description = "Replace an existing key (its certificate stops working).")
    boolean newKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String gw = id;
        Path where = dir;
        if (config == null && id == null && dir == null) {
            config = DefaultConfig.path();
        }
        if (config != null) {
            try {
                SiteConfig site = SiteConfig.of(config);
                gw = gw != null ? gw : site.gatewayId();
                where = where != null ? where : site.identityDir();
            } catch (ConfigException e) {
                err.println("identity: " + config + " is not valid:");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return 2;
            }
        }
        if (gw == null || where == null) {
            err.println("identity: give --config FILE (or --id and --dir)");
            err.flush();
            return 2;
        }
        IdentityFiles files = new IdentityFiles(where);
        try {
            KeyPair pair;
            if (Files.exists(files.key()) && !newKey) {
                PrivateKey key = files.readKey();
                pair = new KeyPair(publicOf(key), key);
                out.println("key:     " + files.key() + " (kept; --new-key replaces it)");
            } else {
                pair = files.newKey();
                out.println("key:     " + files.key() + " (new EC P-256 key, owner-only; it never leaves this device)");
            }
            files.writeCsr(gw, pair);
            out.println("request: " + files.csr() + " (CN=" + gw + ", O=fieldgate)");
            out.println("public key SHA-256: " + HexFormat.ofDelimiter(":").formatHex(
                    MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded())));
            out.println("next: have the network's CA sign the request, then");
            out.println("      fieldgate-provision install-cert --cert FILE" + (config != null ? " --config " + config : ""));
            out.flush();
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            err.println("identity: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The public half of an EC private key: d·G on its curve. */
    static java.security.PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        ECPrivateKey ec = (ECPrivateKey) key;
        var spec = EC5Util.convertSpec(ec.getParams());
        var q = spec.getG().multiply(ec.getS()).normalize();
        var point = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.ECPublicKeySpec(point, ec.getParams()));
    }
}
