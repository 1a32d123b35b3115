package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;

/** Test-only driver {@code test-level}: {@code scenario: { peak_m, time_to_peak, shape }}, channel {@code stage_m}. */
public final class TestLevelDriverFactory implements DriverFactory<TestLevelDriverFactory.Config> {

    public enum Shape { RAMP, STEP }

    public record Scenario(double peakM, Duration timeToPeak, Shape shape) {
    }

    public record Config(Scenario scenario) {
    }

    @Override
    public String id() {
        return "test-level";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> validate(Config config) {
        List<String> problems = new ArrayList<>();
        if (config.scenario() == null) {
            problems.add("scenario: required");
        } else if (config.scenario().peakM() <= 0) {
            problems.add("scenario.peak_m: must be above 0");
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(Config config) {
        return List.of(ChannelSpec.scalar("stage_m", "m", -5, 30));
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Driver create(DriverContext context, Config config) {
        return new Driver() {
            @Override
            public void start(ReadingSink sink) {
            }

            @Override
            public SensorState state() {
                return SensorState.STOPPED;
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
