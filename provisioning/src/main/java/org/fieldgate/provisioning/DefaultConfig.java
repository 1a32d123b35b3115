package org.fieldgate.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the site's config is when no {@code --config} or {@code --out} names it: the package's
 * {@code /etc/fieldgate/fieldgate.yaml} when run from the installed jar, else {@code ./fieldgate.yaml}.
 */
public final class DefaultConfig {

    static final Path PACKAGED_CONFIG = Path.of("/etc/fieldgate/fieldgate.yaml");
    static final Path PACKAGED_JAR = Path.of("/usr/share/fieldgate/fieldgate.jar");

    private DefaultConfig() {
    }

    public static Path path() {
        return Files.exists(PACKAGED_JAR) && runFromPackage() ? PACKAGED_CONFIG : Path.of("fieldgate.yaml");
    }

    private static boolean runFromPackage() {
        try {
            Path jar = Path.of(DefaultConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.equals(PACKAGED_JAR);
        } catch (Exception e) {
            return false;
        }
    }
}
