package org.fieldgate.provisioning.identity;

import java.nio.file.Path;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;

/** What the identity commands take from the site's config: the gateway id, where identity lives, the CA. */
record SiteConfig(String gatewayId, Path identityDir, Path ca) {

    /** From a config file ({@code identity/} beside its store). */
    static SiteConfig of(Path config) throws ConfigException {
        FieldgateConfig c = ConfigLoader.load(config, DriverRegistry.load());
        var tls = c.uplink().mqtt().tls();
        return new SiteConfig(c.gateway().id(),
                c.storage().path().toAbsolutePath().getParent().resolve("identity"), tls == null ? null : tls.ca());
    }
}
