package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    @TempDir
    Path dir;

    @Test
    void loadsEveryKeyOfTheContract() throws Exception {
        Path file = ConfigFiles.resource("config/valid/full.yaml");
        Path folder = file.getParent();

        FieldgateConfig c = ConfigLoader.load(file, DRIVERS);

        assertThat(c.gateway().id()).isEqualTo("hn-longbien-01");
        assertThat(c.gateway().site()).isEqualTo(new GatewaySection.Site("Long Biên gauge", 21.0427, 105.8610));
        UplinkSection.Mqtt mqtt = c.uplink().mqtt();
        assertThat(mqtt.servers()).containsExactly("ssl://broker-a.example:8883", "ssl://10.0.0.5:8883");
        assertThat(mqtt.topicRoot()).isEqualTo("ews-test");
        assertThat(mqtt.tls()).isEqualTo(new UplinkSection.Tls(folder.resolve("certs/ca.pem"),
                folder.resolve("certs/gw.crt"), folder.resolve("certs/gw.key")));
        assertThat(mqtt.username()).isEqualTo("hn-longbien-01");
        assertThat(mqtt.passwordFile()).isEqualTo(folder.resolve("certs/mqtt.pass"));
        assertThat(mqtt.clientId()).isEqualTo("gw-01");
        assertThat(mqtt.keepAlive()).isEqualTo(Duration.ofSeconds(45));
        assertThat(mqtt.health()).isEqualTo(Duration.ofMinutes(2));
        assertThat(mqtt.maxInflight()).isEqualTo(8);
        assertThat(c.localBroker()).isEqualTo(new LocalBrokerSection(true, new HostPort("0.0.0.0", 1884), true,
                folder.resolve("certs/broker.passwd"), new LocalBrokerSection.Limits(32 << 10, 8, 100, 1L << 20)));
        assertThat(c.storage()).isEqualTo(new StorageSection(folder.resolve("data/store.db"), 512L << 20));
        assertThat(c.status()).isEqualTo(new StatusSection(new HostPort("0.0.0.0", 8081), true,
                folder.resolve("secrets/api.token")));
        assertThat(c.pipeline().batch()).isEqualTo(Duration.ofMillis(500));

        assertThat(c.sensors()).extracting(SensorConfig::id).containsExactly("wl1", "wl2");
        SensorConfig wl1 = c.sensor("wl1").orElseThrow();
        assertThat(wl1.driver()).isEqualTo("test-level");
        assertThat(wl1.every()).isEqualTo(Duration.ofSeconds(30));
        assertThat(wl1.factory().id()).isEqualTo("test-level");
        assertThat(wl1.driverConfig()).isEqualTo(new TestLevelDriverFactory.Config(
                new TestLevelDriverFactory.Scenario(11.8, Duration.ofMinutes(6), TestLevelDriverFactory.Shape.STEP)));
        assertThat(wl1.channel("stage_m")).isPresent();
        assertThat(c.sensor("wl2").orElseThrow().every()).as("driver default").isEqualTo(Duration.ofSeconds(5));

        RuleConfig flood = c.rules().get(0);
        assertThat(flood.id()).isEqualTo("flood");
        assertThat(flood.input()).isEqualTo("wl1.stage_m");
        assertThat(flood.levels()).containsExactly(new RuleConfig.Level("BD1", 9.5, null),
                new RuleConfig.Level("BD2", 10.5, null), new RuleConfig.Level("BD3", 11.5, null));
        assertThat(flood.hysteresis()).isEqualTo(0.05);
        assertThat(flood.hold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(flood.actions()).containsExactly("siren", "lamp");
        RuleConfig drought = c.rules().get(1);
        assertThat(drought.levels()).extracting(RuleConfig.Level::threshold).containsExactly(2.0, 1.5);
        assertThat(drought.hysteresis()).isZero();
        assertThat(drought.hold()).isZero();
        assertThat(drought.actions()).isEmpty();

        assertThat(c.outputs()).containsExactly(new OutputConfig("siren", new OutputConfig.Gpio(17, true)),
                new OutputConfig("lamp", new OutputConfig.Gpio(27, false)),
                new OutputConfig("buzzer", new OutputConfig.Gpio(22, true)));
    }

    @Test
    void fillsInDefaults() throws Exception {
        FieldgateConfig c = ConfigLoader.load(ConfigFiles.resource("config/valid/minimal.yaml"), DRIVERS);

        UplinkSection.Mqtt mqtt = c.uplink().mqtt();
        assertThat(mqtt.servers()).isEmpty();
        assertThat(mqtt.topicRoot()).isEqualTo("ews");
        assertThat(mqtt.clientId()).isEqualTo("fieldgate-gw-1");
        assertThat(mqtt.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mqtt.health()).isEqualTo(Duration.ofMinutes(1));
        assertThat(mqtt.maxInflight()).isEqualTo(256);
        assertThat(mqtt.tls()).isNull();
        assertThat(mqtt.username()).isNull();
        assertThat(mqtt.passwordFile()).isNull();
        assertThat(c.gateway().site()).isNull();
        assertThat(c.storage().maxSize()).isEqualTo(2L << 30);
        assertThat(c.status()).isEqualTo(new StatusSection(new HostPort("127.0.0.1", 8080), false));
        assertThat(c.localBroker()).isEqualTo(new LocalBrokerSection(true, new HostPort("127.0.0.1", 1883), false));
        assertThat(c.pipeline().batch()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.sensors()).isEmpty();
        assertThat(c.rules()).isEmpty();
        assertThat(c.outputs()).isEmpty();
    }

    @Test
    void resolvesRelativePathsAgainstTheConfigFolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("site"));
        Files.writeString(sub.resolve("ca.pem"), "x");
        Path file = write(sub.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                uplink: { mqtt: { servers: ["ssl://b:8883"], tls: { ca: ca.pem } } }
                storage: { path: ../var/store.db }
                """);

        FieldgateConfig c = ConfigLoader.load(file, DRIVERS);

        assertThat(c.storage().path()).isEqualTo(dir.resolve("var/store.db"));
        assertThat(c.uplink().mqtt().tls().ca()).isEqualTo(sub.resolve("ca.pem"));
    }

    @Test
    void problemNamesPathMessageAndLine() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors:
                  - id: a
                    driver: test-level
                    scenario: { peak_m: 1 }
                  - id: b
                    driver: test-level
                    scenario: { peak_m: 1 }

                    every: 10 sec
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString)
                .containsExactly("sensors[1].every: expected a duration like 500ms, 30s, 5m, 2h or 1d, got '10 sec' (line 12)");
    }

    @Test
    void reportsEveryProblemOfEverySection() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: GW }
                uplink: { mqtt: { servers: ["tcp://b:1883"], keep_alive: soon } }
                storage: { path: store.db, max_size: lots }
                status: { http: { bind: nowhere } }
                pipeline: { batch: 0s }
                sensors:
                  - { id: a, driver: test-level, scenario: { peak_m: x, shape: wavy } }
                  - { id: b, driver: nope }
                  - { id: c, driver: test-level, scenario: { peak_m: 2, speed: 3, sahpe: ramp } }
                rules:
                  - { id: r, input: c.stage_m, levels: [ { name: L, above: 1 } ], hold: 1 minute }
                outputs:
                  - { id: o, gpio: { pin: -1 } }
                """);

        List<ConfigProblem> problems = ConfigLoader.check(file, DRIVERS);

        assertThat(problems).extracting(ConfigProblem::path).containsExactly(
                "gateway.id", "uplink.mqtt.keep_alive", "storage.max_size", "status.http.bind", "pipeline.batch",
                "sensors[0].scenario.peak_m", "sensors[1].driver", "sensors[2].scenario.speed",
                "sensors[2].scenario.sahpe", "rules[0].hold", "outputs[0].gpio.pin");
        assertThat(problems).extracting(ConfigProblem::line)
                .containsExactly(1, 2, 3, 4, 5, 7, 8, 9, 9, 11, 13);
        assertThat(problems.get(8).message()).isEqualTo("unknown key; did you mean 'shape'?");
        assertThat(problems.get(6).message()).startsWith("unknown driver 'nope' (known: ").contains("test-level");
    }

    @Test
    void durationWithoutUnitIsExplained() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                pipeline: { batch: 10 }
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString).containsExactly(
                "pipeline.batch: expected a duration like 500ms, 30s, 5m, 2h or 1d, got the number 10 (line 4)");
    }

    @Test
    void aBadResoundNamesItsKey() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                outputs:
                  - { id: siren, gpio: { pin: 17 }, resound: 5 }
                  - { id: lamp, gpio: { pin: 18 }, resound: 0 }
                  - { id: horn, gpio: { pin: 19 }, resound: never }
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString).containsExactly(
                "outputs[0].resound: expected a duration like 500ms, 30s, 5m, 2h or 1d, got the number 5 (line 5)",
                "outputs[2].resound: " + problemOf("never") + " (line 7)");
    }

    private static String problemOf(String duration) {
        try {
            org.fieldgate.drivers.DurationText.parse(duration);
            return "parsed";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void namesTheChannelsASensorHas() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors: [ { id: wl1, driver: test-level, scenario: { peak_m: 1 } } ]
                rules: [ { id: r, input: wl1.level_m, levels: [ { name: L, above: 1 } ] } ]
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString).containsExactly(
                "rules[0].input: sensor 'wl1' (test-level) has no channel 'level_m' (it has: stage_m) (line 5)");
    }

    @Test
    void missingDriverKeysAreReportedAsRequired() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors: [ { id: wl1, driver: test-level, scenario: { shape: ramp } }, { id: wl2, driver: test-level } ]
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString).containsExactly(
                "sensors[0].scenario.peak_m: required (a number) (line 4)",
                "sensors[1].scenario: required (line 4)");
    }

    @Test
    void missingFileIsOneProblemNamingTheFile() {
        Path file = dir.resolve("nope.yaml");
        assertThat(ConfigLoader.check(file, DRIVERS)).containsExactly(
                new ConfigProblem(file.toString(), null, "file not found"));
    }

    @Test
    void syntaxErrorIsOneProblemWithItsLine() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), "gateway:\n  id: gw-1\n storage: [\n");

        List<ConfigProblem> problems = ConfigLoader.check(file, DRIVERS);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(file.toString());
        assertThat(problems.get(0).line()).isEqualTo(3);
        assertThat(problems.get(0).message()).startsWith("not valid YAML: ");
    }

    @Test
    void emptyFileAndNonMappingAreProblems() throws IOException {
        Path empty = write(dir.resolve("empty.yaml"), "# nothing\n");
        Path list = write(dir.resolve("list.yaml"), "- a\n- b\n");

        assertThat(ConfigLoader.check(empty, DRIVERS)).extracting(ConfigProblem::message)
                .containsExactly("file is empty");
        assertThat(ConfigLoader.check(list, DRIVERS)).extracting(ConfigProblem::message).singleElement()
                .asString().startsWith("a config is a YAML mapping");
    }

    @Test
    void loadThrowsWithEveryProblem() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1, name: x }
                storage: { }
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, DRIVERS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid config " + file + " (3 problems)")
                .hasMessageContaining("gateway.name: unknown key (known here: id, site) (line 1)")
                .hasMessageContaining("storage.path: required")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
                        .containsExactly("gateway.name", "storage.path", "uplink.mqtt.servers"));
    }

    @Test
    void rejectsDuplicateYamlKeys() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), """
                gateway: { id: gw-1 }
                local_broker: { enabled: true, enabled: false }
                storage: { path: store.db }
                """);

        assertThat(ConfigLoader.check(file, DRIVERS)).map(ConfigProblem::toString)
                .containsExactly("local_broker.enabled: key given twice (also at line 2) (line 2)");
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    @Test
    void readsTheOldTriggerNamesOnAndOffWithAWarning() throws Exception {
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, """
                gateway: { id: gw1 }
                uplink: { mqtt: { servers: ["tcp://localhost:1883"] } }
                storage: { path: store.db }
                sensors:
                  - { id: seis1, driver: sim-seismic }
                rules:
                  - id: quake
                    input: seis1
                    sta_lta: { sta: 1s, lta: 10s, on: 3.5, off: 1.5 }
                """);

        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(file, DRIVERS);

        RuleCondition.StaLta t = (RuleCondition.StaLta) loaded.config().rules().get(0).condition();
        assertThat(t.on()).isEqualTo(3.5);
        assertThat(t.off()).isEqualTo(1.5);
        assertThat(loaded.warnings()).extracting(ConfigProblem::path)
                .containsExactly("rules[0].sta_lta.on", "rules[0].sta_lta.off");
        assertThat(loaded.warnings().get(0).message()).contains("renamed trigger_on").contains("YAML 1.1");
    }
}
