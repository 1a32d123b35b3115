package org.fieldgate.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The sample config on the docs page of every registered driver ({@code docs/drivers/<id>.md}, its
 * {@code yaml} blocks) binds as the gateway binds a sensor entry (snake_case keys, unknown keys and
 * coerced scalars are errors) and passes the driver's own validation: a newcomer can copy it.
 */
class DocsExampleBindsTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    /** The keys of a sensor entry that the gateway reads itself, not the driver. */
    private static final List<String> COMMON = List.of("id", "driver", "every", "pair_with", "aqi", "waveform");
    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    @TestFactory
    Stream<DynamicTest> everyRegisteredDriversDocsExampleBinds() {
        return DRIVERS.ids().stream().map(id -> DynamicTest.dynamicTest(id, () -> checkPage(id)));
    }

    @Test
    void everyDriverIsRegistered() {
        assertThat(DRIVERS.ids()).containsExactlyInAnyOrder("adxl355", "bgeigie", "gmc", "level-switch", "maxbotix-hrxl", "mightyohm", "modbus-rtu",
                "pms5003", "rain-gauge", "sdi12", "sds011", "seismic-serial", "sim-air-quality", "sim-radiation", "sim-seismic",
                "sim-sea-level", "sim-water-level", "sps30");
    }

    private static void checkPage(String id) throws IOException {
        Path page = Path.of("..", "docs", "drivers", id + ".md");
        assertThat(page).as("the docs page of %s", id).exists();
        List<JsonNode> entries = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(Files.readString(page));
        while (block.find()) {
            JsonNode sensors = MAPPER.readTree(block.group(1)).path("sensors");
            sensors.forEach(s -> {
                if (id.equals(s.path("driver").asText())) {
                    entries.add(s);
                }
            });
        }
        assertThat(entries).as("a sensor with driver: %s in a yaml block of %s", id, page).isNotEmpty();
        for (JsonNode entry : entries) {
            ObjectNode own = ((ObjectNode) entry).deepCopy();
            own.remove(COMMON);
            assertThat(problems(DRIVERS.find(id).orElseThrow(), own)).as("%s in %s", entry.path("id"), page).isEmpty();
        }
    }

    private static <C> List<String> problems(DriverFactory<C> factory, JsonNode keys) throws IOException {
        return factory.validate(MAPPER.treeToValue(keys, factory.configType()));
    }
}
