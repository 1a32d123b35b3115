package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.aqi.AqiChannels;
import org.fieldgate.gateway.aqi.AqiTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AqiConfigTest {

    @TempDir
    Path dir;

    private Path write(String sensorsAndRules) throws Exception {
        Path f = dir.resolve("aq.yaml");
        Files.writeString(f, """
                gateway:
                  id: test-gw
                uplink:
                  mqtt:
                    servers: ["tcp://localhost:1883"]
                storage:
                  path: store.db
                """ + sensorsAndRules);
        return f;
    }

    @Test
    void aqiAddsTheDerivedChannelsThatRulesMayUse() throws Exception {
        Path f = write("""
                sensors:
                  - id: aq1
                    driver: sim-air-quality
                    aqi: [vn, us, us-2012]
                rules:
                  - id: air
                    input: aq1.vn_aqi
                    levels: [ { name: Kem, above: 100 }, { name: Xau, above: 150 } ]
                  - id: air-us
                    input: aq1.us_aqi_2012
                    levels: [ { name: usg, above: 100 } ]
                """);
        assertThat(ConfigLoader.check(f, DriverRegistry.load())).isEmpty();
        assertThat(ConfigFiles.schemaProblems(f)).isEmpty();
        SensorConfig aq1 = ConfigLoader.load(f, DriverRegistry.load()).sensor("aq1").orElseThrow();
        assertThat(aq1.aqi()).containsExactly(AqiTable.VN, AqiTable.US, AqiTable.US_2012);
        assertThat(aq1.channel("vn_aqi")).contains(ChannelSpec.scalar("vn_aqi", "", 0, 500));
        assertThat(aq1.channel("pm2_5_nowcast")).contains(ChannelSpec.scalar("pm2_5_nowcast", "ug/m3", 0, 1000));
        assertThat(aq1.channel("pm10_nowcast")).isPresent();
        assertThat(aq1.channel("us_aqi")).isPresent();
        assertThat(aq1.channel("us_aqi_2012")).isPresent();
    }

    @Test
    void aRuleOnAnIndexTheSensorDoesNotDeriveIsReported() throws Exception {
        Path f = write("""
                sensors:
                  - id: aq1
                    driver: sim-air-quality
                    aqi: [vn]
                  - id: aq2
                    driver: sim-air-quality
                rules:
                  - id: air-us
                    input: aq1.us_aqi
                    levels: [ { name: usg, above: 100 } ]
                  - id: air2
                    input: aq2.vn_aqi
                    levels: [ { name: Kem, above: 100 } ]
                """);
        assertThat(ConfigLoader.check(f, DriverRegistry.load())).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("rules[0].input", "rules[1].input");
    }

    @Test
    void withoutAqiASensorHasOnlyItsDriversChannels() {
        SensorConfig s = new SensorConfig("aq1", "x", null, null, null,
                List.of(ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000)));
        assertThat(s.aqi()).isEmpty();
        assertThat(s.channels()).extracting(ChannelSpec::name).containsExactly("pm2_5");
        SensorConfig again = new SensorConfig("aq1", "x", null, null, null,
                AqiChannels.withDerived(s.channels(), List.of(AqiTable.VN)), null, List.of(AqiTable.VN));
        assertThat(again.channels()).extracting(ChannelSpec::name).containsExactly("pm2_5", "pm2_5_nowcast", "vn_aqi");
        assertThat(new SensorConfig("aq1", "x", null, null, null, AqiChannels.withDerived(again.channels(),
                again.aqi()), null, again.aqi()))
                .as("derived channels are not added twice").isEqualTo(again);
    }
}
