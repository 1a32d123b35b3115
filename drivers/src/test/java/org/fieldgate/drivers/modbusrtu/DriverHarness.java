package org.fieldgate.drivers.modbusrtu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/** What the driver ITs share: the config of the two emulated slaves, a collecting sink, awaiting. */
final class DriverHarness {

    /** Registers of slave 1 and 2 as the emulator holds them; the driver's map of them. */
    static final String MODBUS = """
            modbus:
              response_timeout: 300ms
              frame_gap: 50ms
              retries: 1
              slaves:
                - address: 1
                  setup: [ { function: 6, address: 100, values: [45] } ]
                  registers:
                    - { name: stage_m, function: 4, address: 0, type: int16, scale: 0.001, unit: m, min: -5, max: 30 }
                    - { name: temp_c, address: 10, type: float32, word_order: little, unit: C, min: -40, max: 85 }
                    - { name: flow_l_s, address: 12, type: uint16, scale: 0.1, min: 0, max: 500 }
                - address: 2
                  setup: [ { function: 16, address: 200, values: [1, -2] } ]
                  registers:
                    - { name: pressure_kpa, address: 0, type: int32, scale: 0.01 }
                    - { name: offset_mm, address: 2, type: int16, offset: 1000 }
            """;

    static void loadRegisters(ModbusSlaveEmulator emulator) {
        emulator.input(1, 0, 1234);                    // 1.234 m
        emulator.holding(1, 10, 0x0000, 0x4148);       // 12.5f = 0x41480000, low word first
        emulator.holding(1, 12, 9999);                 // 999.9 l/s: above max -> suspect
        emulator.holding(2, 0, 0xFFFE, 0x1DC0);        // -123456 -> -1234.56 kPa
        emulator.holding(2, 2, -5);                    // -5 + 1000
    }

    static ModbusRtuConfig config(String link) {
        try {
            return YAMLMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .build().readValue(link + "\n" + MODBUS, ModbusRtuConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Driver create(ModbusRtuConfig config, Path stateDir) {
        ModbusRtuFactory factory = new ModbusRtuFactory();
        if (!factory.validate(config).isEmpty()) {
            throw new IllegalArgumentException(factory.validate(config).toString());
        }
        return factory.create(new DriverContext("lvl1", Duration.ofMillis(200), Clock.systemUTC(), stateDir), config);
    }

    static long counter(Driver driver, String name) {
        return driver.counters().getOrDefault(name, 0L);
    }

    /** Collects every reading. */
    static final class Collecting implements ReadingSink {
        final List<Reading> readings = new CopyOnWriteArrayList<>();

        @Override
        public void readings(List<Reading> r) {
            readings.addAll(r);
        }

        @Override
        public void waveform(WaveformPacket packet) {
            throw new AssertionError("modbus-rtu sends no waveforms");
        }

        long count(String channel) {
            return readings.stream().filter(r -> r.channel().equals(channel)).count();
        }

        Reading last(String channel) {
            Reading last = null;
            for (Reading r : readings) {
                if (r.channel().equals(channel)) {
                    last = r;
                }
            }
            return last;
        }
    }

    private DriverHarness() {
    }
}
