package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.gateway.aqi.AqiTable;

/**
 * One {@code sensors:} entry.
 *
 * @param id           unique sensor id ({@code [a-z0-9-]+}), part of the telemetry topic
 * @param driver       registered driver id
 * @param every        reading interval (the driver's default when not given)
 * @param factory      the driver's factory
 * @param driverConfig the driver-specific keys, bound to {@code factory.configType()}
 * @param channels     what the sensor reports, followed by its derived AQI channels (the reader
 *                     adds them: {@code AqiChannels.withDerived}; see docs/aqi.md)
 * @param pairWith     {@code pair_with}: the id of a second PM sensor at the same spot whose
 *                     {@code pm2_5} must agree with this one's (see docs/drivers/pm-pairing.md), or null
 * @param aqi          {@code aqi:}: the hourly indices derived from its PM readings (empty: none)
 * @param waveform     {@code waveform:}: what of a waveform sensor's samples goes to the uplink
 */
public record SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                           Object driverConfig, List<ChannelSpec> channels, String pairWith, List<AqiTable> aqi,
                           WaveformUplink waveform, java.util.Map<String, QualityGateConfig> qualityGate) {
    public SensorConfig {
        aqi = aqi == null ? List.of() : List.copyOf(aqi);
        waveform = waveform == null ? WaveformUplink.DEFAULT : waveform;
        channels = List.copyOf(channels);
        qualityGate = qualityGate == null ? java.util.Map.of() : java.util.Map.copyOf(qualityGate);
    }

    /** A sensor without a quality gate. */
    public SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                        Object driverConfig, List<ChannelSpec> channels, String pairWith, List<AqiTable> aqi,
                        WaveformUplink waveform) {
        this(id, driver, every, factory, driverConfig, channels, pairWith, aqi, waveform, null);
    }

    /** A sensor with the default waveform settings. */
    public SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                        Object driverConfig, List<ChannelSpec> channels, String pairWith, List<AqiTable> aqi) {
        this(id, driver, every, factory, driverConfig, channels, pairWith, aqi, WaveformUplink.DEFAULT);
    }

    /** A sensor without derived AQI channels. */
    public SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                        Object driverConfig, List<ChannelSpec> channels, String pairWith) {
        this(id, driver, every, factory, driverConfig, channels, pairWith, List.of(), WaveformUplink.DEFAULT);
    }

    /** An unpaired sensor without derived AQI channels. */
    public SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                        Object driverConfig, List<ChannelSpec> channels) {
        this(id, driver, every, factory, driverConfig, channels, null, List.of(), WaveformUplink.DEFAULT);
    }

    /** The same sensor with other {@code waveform:} settings. */
    public SensorConfig withWaveform(WaveformUplink settings) {
        return new SensorConfig(id, driver, every, factory, driverConfig, channels, pairWith, aqi, settings, qualityGate);
    }

    /** This sensor with the quality gate of its channels ({@code quality_gate:}). */
    public SensorConfig withQualityGate(java.util.Map<String, QualityGateConfig> gate) {
        return new SensorConfig(id, driver, every, factory, driverConfig, channels, pairWith, aqi, waveform, gate);
    }

    public java.util.Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
