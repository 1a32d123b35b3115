package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Test fixtures: the repository's {@code config/} folder, the JSON Schema, test resources. */
public final class ConfigFiles {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static JsonSchema schema;

    private ConfigFiles() {
    }

    /** The repository's {@code config/} folder, found by walking up from the module folder. */
    public static Path repoConfigDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/fieldgate.schema.json"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("no config/fieldgate.schema.json above " + Path.of("").toAbsolutePath());
    }

    static synchronized JsonSchema schema() {
        if (schema == null) {
            try (InputStream in = Files.newInputStream(repoConfigDir().resolve("fieldgate.schema.json"))) {
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    static JsonNode schemaNode() throws IOException {
        return YAML.readTree(repoConfigDir().resolve("fieldgate.schema.json").toFile());
    }

    /** What the JSON Schema says about a YAML file (empty = valid). */
    static Set<ValidationMessage> schemaProblems(Path yaml) throws IOException {
        return schema().validate(YAML.readTree(yaml.toFile()));
    }

    /** A folder of test resources, e.g. {@code config/broken}. */
    static Path resource(String name) {
        try {
            return Path.of(ConfigFiles.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code *.yaml} files under {@code dir}, sorted. */
    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }
}
