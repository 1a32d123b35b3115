package org.fieldgate.gateway.remoteconfig;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.signing.Ed25519Pem;

/**
 * What a config sent by central may not change, beyond what {@code fieldgate check} checks: the
 * gateway's id (it would then speak for another gateway), the store's path (the store, its seq and
 * the alarm states must carry over), and commands themselves (a config without a trusted key would
 * lock central out for good; only the technician's local file can do that), nor the key that
 * signed it, nor may it open the gateway to unsigned commands.
 */
public final class RemoteConfigRules {

    private RemoteConfigRules() {
    }

    /**
     * Problems as {@code key: what is wrong}; empty when {@code next} may replace {@code running}.
     *
     * @param signer the key that signed the command, or null when it came unsigned (lab)
     */
    public static List<String> problems(FieldgateConfig running, FieldgateConfig next, PublicKey signer) {
        List<String> out = new ArrayList<>();
        if (!running.gateway().id().equals(next.gateway().id())) {
            out.add("gateway.id: a remote config cannot change the gateway's id (is " + running.gateway().id()
                    + ", got " + next.gateway().id() + ")");
        }
        if (!running.storage().path().toAbsolutePath().normalize()
                .equals(next.storage().path().toAbsolutePath().normalize())) {
            out.add("storage.path: a remote config cannot move the store (is " + running.storage().path() + ")");
        }
        if (next.uplink().commands().trust().isEmpty()) {
            out.add("uplink.commands.trust: a remote config must keep at least one trusted key (without one,"
                    + " central could never command this gateway again)");
        } else if (signer != null && !trusts(next, signer)) {
            out.add("uplink.commands.trust: a remote config must keep the key that signed it (or central"
                    + " could lock itself out with one command)");
        }
        if (next.uplink().commands().allowUnsigned() && !running.uplink().commands().allowUnsigned()) {
            out.add("uplink.commands.allow_unsigned: only the local file can open a gateway to unsigned commands");
        }
        return out;
    }

    private static boolean trusts(FieldgateConfig config, PublicKey key) {
        for (Path file : config.uplink().commands().trust()) {
            try {
                if (Ed25519Pem.readPublic(file).equals(key)) {
                    return true;
                }
            } catch (IOException e) {
                // checked when the config was loaded; a file gone since trusts nothing
            }
        }
        return false;
    }
}
