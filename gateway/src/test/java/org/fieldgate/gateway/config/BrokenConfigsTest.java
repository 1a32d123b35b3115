package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code config/broken/*.yaml} is rejected by the loader with problems at exactly the paths
 * its {@code # expect:} lines name, and by the JSON Schema unless marked {@code # loader-only:}.
 */
class BrokenConfigsTest {

    static List<Path> brokenConfigs() throws IOException {
        return ConfigFiles.yamlFiles(ConfigFiles.resource("config/broken"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void loaderReportsTheExpectedPaths(Path file) throws IOException {
        List<String> expected = header(file, "# expect:").stream()
                .map(p -> p.equals("<file>") ? file.toString() : p).toList();
        assertThat(expected).as("fixture names its expected problem paths").isNotEmpty();

        List<ConfigProblem> problems = ConfigLoader.check(file, DriverRegistry.load());

        assertThat(problems.stream().map(ConfigProblem::path).collect(Collectors.toSet()))
                .as("problems: %s", problems)
                .containsExactlyInAnyOrderElementsOf(Set.copyOf(expected));
    }

    /** The broken configs whose fault the JSON Schema can express. */
    static List<Path> schemaBrokenConfigs() throws IOException {
        return brokenConfigs().stream().filter(f -> !loaderOnly(f)).toList();
    }

    /** The broken configs marked {@code # loader-only:} (the fault needs the drivers or other files). */
    static List<Path> loaderOnlyConfigs() throws IOException {
        return brokenConfigs().stream().filter(BrokenConfigsTest::loaderOnly).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaBrokenConfigs")
    void schemaRejectsWhatItCanExpress(Path file) throws IOException {
        List<String> expected = header(file, "# expect:").stream().map(p -> "$." + p).toList();
        // the schema must object at the expected place or above it (e.g. a missing key is
        // reported on its parent, an unknown key on the mapping holding it)
        assertThat(ConfigFiles.schemaProblems(file))
                .as("schema verdict on %s", file.getFileName())
                .anySatisfy(m -> assertThat(expected).anyMatch(e -> e.startsWith(m.getInstanceLocation().toString())));
    }

    /**
     * A file marked loader-only holds a fault the schema cannot express; whatever else the schema
     * objects to must be one of the expected problems (a file that is not YAML at all, neither can read).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("loaderOnlyConfigs")
    void schemaFindsNothingUnexpectedWhereOnlyTheLoaderCanJudge(Path file) throws IOException {
        List<String> expected = header(file, "# expect:").stream().map(p -> "$." + p).toList();
        Set<ValidationMessage> verdict;
        try {
            verdict = ConfigFiles.schemaProblems(file);
        } catch (JsonProcessingException notYaml) {
            assertThat(ConfigLoader.check(file, DriverRegistry.load())).extracting(ConfigProblem::message)
                    .anyMatch(m -> m.contains("YAML"));
            return;
        }
        assertThat(verdict).as("schema verdict on %s", file.getFileName())
                .allSatisfy(m -> assertThat(expected).anyMatch(e -> e.startsWith(m.getInstanceLocation().toString())));
    }

    private static boolean loaderOnly(Path file) {
        try {
            return !header(file, "# loader-only:").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> header(Path file, String prefix) throws IOException {
        return Files.readAllLines(file).stream()
                .takeWhile(l -> l.startsWith("#"))
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .toList();
    }
}
