package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader does with hostile or careless input before any key is read: YAML anchors and
 * aliases, oversized files, bytes that are not UTF-8, deep nesting.
 */
class ConfigFileInputTest {

    private static final DriverRegistry DRIVERS = DriverRegistry.load();
    private static final String VALID = """
            gateway: { id: gw-1 }
            local_broker: { enabled: true }
            storage: { path: store.db }
            sensors: [ { id: wl1, driver: test-level, scenario: { peak_m: 2 } } ]
            rules: [ { id: flood, input: wl1.stage_m, levels: [ { name: BD1, above: 1.5 } ] } ]
            """;

    @TempDir
    Path dir;

    private List<ConfigProblem> check(String yaml) throws IOException {
        return ConfigLoader.check(Files.writeString(dir.resolve("gw.yaml"), yaml), DRIVERS);
    }

    @Test
    void anAliasIsRejectedNamingFileLineAndKeyInsteadOfBecomingTheAnchorsName() throws IOException {
        List<ConfigProblem> problems = check("""
                gateway: { id: gw-1 }
                uplink:
                  mqtt:
                    servers: ["tcp://127.0.0.1:1883"]
                    client_id: *gid
                storage: { path: store.db }
                """);

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("uplink.mqtt.client_id");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("alias", "*gid", dir.resolve("gw.yaml").toString());
        });
    }

    @Test
    void anAnchorIsRejectedWhereverItStands() throws IOException {
        List<ConfigProblem> problems = check("""
                gateway: &g { id: &gid gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors: [ { id: wl1, driver: test-level, scenario: { peak_m: 2 } } ]
                rules: [ { id: flood, input: wl1.stage_m, levels: [ { name: BD1, above: 1.5 } ] } ]
                """);

        assertThat(problems).extracting(ConfigProblem::path).contains("gateway", "gateway.id");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("anchor"));
    }

    @Test
    void aMergeKeyIsAnAliasToo() throws IOException {
        List<ConfigProblem> problems = check(VALID + """
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                  - <<: *siren
                    id: horn
                """);

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("outputs[1].<<");
            assertThat(p.message()).contains("alias");
        });
    }

    @Test
    void aFileOverOneMegabyteIsRefusedBeforeParsingNamingFileAndSize() throws IOException {
        // 8 MB of comments after a valid config: an OutOfMemoryError under -Xmx64m before the cap
        StringBuilder yaml = new StringBuilder(VALID);
        String comment = "# " + "x".repeat(1021) + "\n";
        while (yaml.length() < 8 << 20) {
            yaml.append(comment);
        }
        Path file = Files.writeString(dir.resolve("big.yaml"), yaml);

        List<ConfigProblem> problems = ConfigLoader.check(file, DRIVERS);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(file.toString());
            assertThat(p.message()).contains(String.valueOf(Files.size(file)), "1 MB");
        });
    }

    @Test
    void oneMegabyteIsStillAccepted() throws IOException {
        StringBuilder yaml = new StringBuilder(VALID);
        while (yaml.length() < (1 << 20) - 100) {
            yaml.append("# padding\n");
        }
        yaml.append("#".repeat((1 << 20) - yaml.length() - 1)).append('\n');
        assertThat(yaml.length()).isEqualTo(1 << 20);

        assertThat(check(yaml.toString())).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirOffset() throws IOException {
        byte[] head = "gateway: { id: gw-1 }\nstorage: { path: st".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "re.db }\nlocal_broker: { enabled: true }\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xF6; // 'ö' in ISO-8859-1
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        Path file = Files.write(dir.resolve("latin1.yaml"), bytes);

        List<ConfigProblem> problems = ConfigLoader.check(file, DRIVERS);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("UTF-8", "offset " + head.length, "0xF6");
        });
    }

    @Test
    void deepNestingIsAProblemNotAStackOverflow() throws IOException {
        String deep = "gateway: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";

        List<ConfigProblem> problems = check(deep);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("nest"));
    }
}
