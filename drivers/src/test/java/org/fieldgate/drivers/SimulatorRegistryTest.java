package org.fieldgate.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldgate.drivers.sim.airquality.SimAirQualityConfig;
import org.fieldgate.drivers.sim.seismic.SimSeismicConfig;
import org.fieldgate.drivers.sim.waterlevel.SimWaterLevelConfig;
import org.junit.jupiter.api.Test;

class SimulatorRegistryTest {

    @Test
    void serviceLoaderFindsTheThreeSimulators() {
        DriverRegistry registry = DriverRegistry.load();

        assertThat(registry.ids()).contains("sim-water-level", "sim-seismic", "sim-air-quality");
        assertThat(registry.find("sim-water-level").orElseThrow().configType()).isEqualTo(SimWaterLevelConfig.class);
        assertThat(registry.find("sim-seismic").orElseThrow().configType()).isEqualTo(SimSeismicConfig.class);
        assertThat(registry.find("sim-air-quality").orElseThrow().configType()).isEqualTo(SimAirQualityConfig.class);
    }
}
