package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code config/**.yaml} shipped in the repository is valid for {@code fieldgate check} with
 * the real drivers on the class path, and for the JSON Schema; uses no old key name; and stays
 * valid after a YAML 1.1 tool (SnakeYAML here, as PyYAML or Ansible would) loads and dumps it.
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void usesNoOldKeyName(Path file) throws ConfigException {
        assertThat(ConfigLoader.loadWithWarnings(file, DriverRegistry.load()).warnings()).isEmpty();
    }

    /**
     * A site config templated or edited by operators' tools: YAML 1.1 reads bare on/off/yes/no as
     * booleans (keys too) and writes them back as true/false, and 1:30 as a number.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void staysValidAfterAYaml11ToolLoadsAndDumpsIt(Path file, @TempDir Path tmp) throws IOException {
        Path configDir = ConfigFiles.repoConfigDir();
        try (Stream<Path> all = Files.walk(configDir)) { // the files it names (certificates, presets) come along
            for (Path p : all.toList()) {
                Path to = tmp.resolve(configDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Object tree;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            tree = new Yaml().load(in);
        }
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String dumped = new Yaml(block).dump(tree);
        Path copy = tmp.resolve(configDir.relativize(file).toString());
        Files.writeString(copy, dumped, StandardCharsets.UTF_8);

        assertThat(ConfigLoader.check(copy, DriverRegistry.load())).as("after a YAML 1.1 round trip:%n%s", dumped)
                .isEmpty();
    }
}
