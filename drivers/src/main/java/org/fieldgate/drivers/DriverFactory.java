package org.fieldgate.drivers;

import java.time.Duration;
import java.util.List;

/**
 * Service-provider interface: one implementation per driver, registered in
 * {@code META-INF/services/org.fieldgate.drivers.DriverFactory}.
 *
 * <p>A sensor entry in the config has common keys ({@code id}, {@code driver}, {@code every}); every
 * other key of the entry is bound strictly (unknown keys are errors) to {@link #configType()}, a
 * record with Jackson-style snake_case properties.
 *
 * @param <C> the driver's config record
 */
public interface DriverFactory<C> {

    /** The kebab-case id used as {@code driver:} in the config, e.g. {@code sim-water-level}. */
    String id();

    /** The record the driver-specific keys bind to. */
    Class<C> configType();

    /**
     * Checks a bound config for problems the type system cannot catch (ranges, combinations).
     *
     * @return one message per problem, each starting with the key at fault relative to the sensor
     *         entry, e.g. {@code "scenario.peak_m: must be above start_m"}; empty when valid
     */
    default List<String> validate(C config) {
        return List.of();
    }

    /** The channels a sensor with this config reports (rules are checked against these). */
    List<ChannelSpec> channels(C config);

    /** The reading interval when the config gives no {@code every}. */
    default Duration defaultEvery() {
        return Duration.ofSeconds(10);
    }

    /**
     * Creates the driver from a config {@link #validate} accepted; it starts reading only on
     * {@link Driver#start}. Callers go through {@link #createValid}, so no factory checks again.
     */
    Driver create(DriverContext context, C config);

    /**
     * Validates, then creates: the one place where a config's problems stop a driver being made.
     *
     * @throws IllegalArgumentException {@code "<id>: <problem>; <problem>"} when {@link #validate}
     *         finds any
     */
    default Driver createValid(DriverContext context, C config) {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(id() + ": " + String.join("; ", problems));
        }
        return create(context, config);
    }
}
