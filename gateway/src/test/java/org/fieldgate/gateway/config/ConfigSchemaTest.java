package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schema accepts what the loader accepts, and knows every registered driver's keys. */
class ConfigSchemaTest {

    static List<Path> validConfigs() throws IOException {
        return ConfigFiles.yamlFiles(ConfigFiles.resource("config/valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validConfigs")
    void validConfigsPassBoth(Path file) throws IOException {
        assertThat(ConfigLoader.check(file, DriverRegistry.load())).isEmpty();
        assertThat(ConfigFiles.schemaProblems(file)).isEmpty();
    }

    @Test
    void sensorEntriesAllowTheKeysOfEveryRegisteredDriver() throws IOException {
        JsonNode sensorKeys = ConfigFiles.schemaNode().at("/$defs/sensor/properties");
        DriverRegistry drivers = DriverRegistry.load();
        assertThat(drivers.ids()).contains("test-level");
        for (String id : drivers.ids()) {
            DriverFactory<?> factory = drivers.find(id).orElseThrow();
            for (String key : DriverConfigBinder.keysOf(factory.configType())) {
                assertThat(sensorKeys.has(key))
                        .as("config/fieldgate.schema.json $defs.sensor.properties lists '%s' of driver %s", key, id)
                        .isTrue();
            }
        }
    }

    @Test
    void schemaRejectsAnUnknownSensorKey() throws IOException {
        assertThat(ConfigFiles.schemaProblems(ConfigFiles.resource("config/broken/sensor-key-typo.yaml")))
                .extracting(Object::toString).anyMatch(m -> m.contains("evry"));
    }
}
