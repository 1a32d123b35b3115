package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void validForTheSchema(Path file) throws IOException {
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
    }
}
