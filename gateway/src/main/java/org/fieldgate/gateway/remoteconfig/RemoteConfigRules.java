package org.fieldgate.gateway.remoteconfig;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.gateway.config.FieldgateConfig;

/**
 * What a config sent by central may not change, beyond what {@code fieldgate check} checks: the
 * gateway's id (it would then speak for another gateway), the store's path (the store, its seq and
 * the alarm states must carry over), and commands themselves (a config without a trusted key would
 * lock central out for good; only the technician's local file can do that).
 */
public final class RemoteConfigRules {

    private RemoteConfigRules() {
    }

    /** Problems as {@code key: what is wrong}; empty when {@code next} may replace {@code running}. */
    public static List<String> problems(FieldgateConfig running, FieldgateConfig next) {
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
        }
        return out;
    }
}
