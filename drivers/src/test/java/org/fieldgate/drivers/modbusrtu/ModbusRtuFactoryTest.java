package org.fieldgate.drivers.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;

/** The register map binds as the gateway binds it, and its problems name the key at fault. */
class ModbusRtuFactoryTest {

    private final ObjectMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private final ModbusRtuFactory factory = new ModbusRtuFactory();

    private ModbusRtuConfig bind(String yaml) throws IOException {
        return mapper.readValue(yaml, ModbusRtuConfig.class);
    }

    @Test
    void registeredUnderItsId() {
        assertThat(DriverRegistry.load().find("modbus-rtu")).get().isInstanceOf(ModbusRtuFactory.class);
    }

    @Test
    void aFullMapBindsWithDefaults() throws IOException {
        ModbusRtuConfig c = bind("""
                serial: { port: /dev/ttyUSB0, baud: 19200, parity: even }
                modbus:
                  response_timeout: 300ms
                  slaves:
                    - address: 1
                      setup: [ { function: 6, address: 3200, values: [45] } ]
                      registers:
                        - { name: stage_m, function: 4, address: 0, type: int16, scale: 0.001, unit: m, min: 0, max: 30 }
                        - { name: temp_c, address: 10, type: float32, word_order: little, min: -40, max: 85 }
                    - address: 2
                      registers: [ { name: pressure_kpa, address: 4, type: uint32 } ]
                """);
        assertThat(factory.validate(c)).isEmpty();
        assertThat(c.modbus().retries()).isEqualTo(2);
        assertThat(c.modbus().frameGap()).isEqualTo("50ms");
        ModbusRtuConfig.Register temp = c.modbus().slaves().get(0).registers().get(1);
        assertThat(temp.function()).isEqualTo(3);
        assertThat(temp.scale()).isEqualTo(1.0);
        assertThat(temp.offset()).isEqualTo(0.0);
        assertThat(c.modbus().slaves().get(0).setup().get(0).values()).containsExactly(45);
        assertThat(factory.channels(c)).containsExactly(
                ChannelSpec.scalar("stage_m", "m", 0, 30),
                ChannelSpec.scalar("temp_c", "", -40, 85),
                ChannelSpec.scalar("pressure_kpa", "", -Double.MAX_VALUE, Double.MAX_VALUE));
    }

    @Test
    void problemsNameTheirPath() throws IOException {
        ModbusRtuConfig c = bind("""
                tcp: { host: 10.0.0.5, port: 4001 }
                modbus:
                  response_timeout: 500
                  retries: -1
                  slaves:
                    - address: 0
                      registers:
                        - { name: level, address: 70000 }
                        - { name: level, function: 6, address: 65535, type: float, word_order: middle }
                        - { name: Bad-Name, address: 65535, type: int32, min: 5, max: 1 }
                      setup:
                        - { function: 6, address: 1, values: [1, 2] }
                        - { function: 5, values: [70000] }
                    - address: 248
                    - { address: 248, registers: [ { name: x } ] }
                """);
        assertThat(factory.validate(c)).containsExactlyInAnyOrder(
                "modbus.response_timeout: " + messageOf("500"),
                "modbus.retries: must be 0 to 10, got -1",
                "modbus.slaves[0].address: must be 1 to 247, got 0",
                "modbus.slaves[0].registers[0].address: must be 0 to 65535, got 70000",
                "modbus.slaves[0].registers[1].name: channel 'level' is defined twice",
                "modbus.slaves[0].registers[1].function: must be 3 (holding) or 4 (input), got 6",
                "modbus.slaves[0].registers[1].type: must be int16, uint16, int32, uint32 or float32, got 'float'",
                "modbus.slaves[0].registers[1].word_order: must be big or little, got 'middle'",
                "modbus.slaves[0].registers[2].name: 'Bad-Name' is not a channel name (snake case: a-z, 0-9, _)",
                "modbus.slaves[0].registers[2].address: must be 0 to 65534 for a 32-bit type, got 65535",
                "modbus.slaves[0].registers[2].max: must be above min",
                "modbus.slaves[0].setup[0].values: function 6 writes exactly one value, got 2",
                "modbus.slaves[0].setup[1].function: must be 6 (one register) or 16 (several), got 5",
                "modbus.slaves[0].setup[1].address: required: the first register address, 0 to 65535",
                "modbus.slaves[0].setup[1].values[0]: must be -32768 to 65535, got 70000",
                "modbus.slaves[1].address: must be 1 to 247, got 248",
                "modbus.slaves[1].registers: list at least one register",
                "modbus.slaves[2].address: must be 1 to 247, got 248",
                "modbus.slaves[2].registers[0].address: required: the register address, 0 to 65535");
    }

    private static String messageOf(String duration) {
        try {
            org.fieldgate.drivers.DurationText.parse(duration);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void linkAndSlavesAreRequired() throws IOException {
        assertThat(factory.validate(bind("modbus: { slaves: [] }"))).containsExactly(
                "serial: give exactly one of serial: { port: … } or tcp: { host: …, port: … }",
                "modbus.slaves: list at least one slave with its registers");
        assertThat(factory.validate(bind("""
                serial: { port: /dev/ttyUSB0 }
                modbus: { slaves: [ { address: 1, registers: [ { name: a, address: 0 } ] },
                                    { address: 1, registers: [ { name: b, address: 0 } ] } ] }
                """)))
                .containsExactly("modbus.slaves[1].address: slave 1 is listed twice");
    }

    @Test
    void contiguousRegistersAreReadTogether() throws IOException {
        ModbusRtuConfig.Slave s = bind("""
                modbus:
                  slaves:
                    - address: 7
                      registers:
                        - { name: a, address: 10 }
                        - { name: d, address: 20, type: float32 }
                        - { name: b, address: 11, type: int32 }
                        - { name: c, address: 13 }
                        - { name: e, address: 20, function: 4 }
                        - { name: f, address: 22 }
                        - { name: g, address: 21, scale: -1 }
                """).modbus().slaves().get(0);
        List<ReadBlock> blocks = ReadBlock.plan(s);
        assertThat(blocks).extracting(b -> b.function() + ":" + b.start() + "+" + b.count())
                .containsExactly("3:10+4", "3:20+3", "4:20+1");
        assertThat(blocks.get(1).members()).extracting(ModbusRtuConfig.Register::name).containsExactly("d", "g", "f");
    }

    @Test
    void aBlockNeverExceeds125Registers() throws IOException {
        StringBuilder yaml = new StringBuilder("modbus: { slaves: [ { address: 1, registers: [");
        for (int i = 0; i < 130; i++) {
            yaml.append(i == 0 ? "" : ",").append("{ name: r").append(i).append(", address: ").append(i * 2)
                    .append(", type: uint32 }");
        }
        yaml.append("] } ] }");
        List<ReadBlock> blocks = ReadBlock.plan(bind(yaml.toString()).modbus().slaves().get(0));
        assertThat(blocks).extracting(ReadBlock::count).containsExactly(124, 124, 12);
        assertThat(blocks).extracting(b -> b.members().size()).containsExactly(62, 62, 6);
    }
}
