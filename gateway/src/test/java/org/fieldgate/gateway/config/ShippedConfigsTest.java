package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code config/**.yaml} shipped in the repository is valid for {@code fieldgate check} with
 * the real drivers on the class path, and for the JSON Schema.
 */
class ShippedConfigsTest {

    static List<Path> shippedConfigs() throws IOException {
        return ConfigFiles.yamlFiles(ConfigFiles.repoConfigDir());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void validForTheLoader(Path file) {
        DriverRegistry drivers = DriverRegistry.load();
        // The shipped configs use the simulator drivers, written on another branch. Until at least
        // one of them is on the class path this half is skipped; from then on every shipped config
        // must be valid, so a wrong driver id or config shape fails here.
        assumeTrue(drivers.ids().stream().anyMatch(id -> id.startsWith("sim-")),
                "needs the simulator drivers (sim-water-level, ...) merged into the drivers module");
        assertThat(ConfigLoader.check(file, drivers)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void validForTheSchema(Path file) throws IOException {
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
    }
}
