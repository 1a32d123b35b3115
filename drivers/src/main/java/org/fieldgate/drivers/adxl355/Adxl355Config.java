package org.fieldgate.drivers.adxl355;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.io.spi.SpiSettings;

/**
 * Keys of an {@code adxl355} sensor entry besides {@code id}, {@code driver}, {@code every} (the
 * temperature interval).
 *
 * @param spi               {@code spi: { bus: 0, chip_select: 0, speed: 1000000 }}; defaults filled in
 * @param range             {@code 2g} (default), {@code 4g} or {@code 8g}
 * @param rate              output data rate, samples per second per axis: 15.625, 31.25, 62.5, 125
 *                          (default), 250 or 500
 * @param calibrate         startup offset calibration window, e.g. {@code 5s} (default); {@code 0s} or
 *                          {@code false} turns calibration off ({@code true} = the default window)
 * @param calibrationMaxAge {@code calibration_max_age}: saved offsets younger than this are reused at
 *                          startup instead of calibrating again (default {@code 30d}; {@code 0s} =
 *                          always calibrate when still)
 */
public record Adxl355Config(@JsonProperty("spi") SpiSettings spi,
                            @JsonProperty("range") String range,
                            @JsonProperty("rate") Double rate,
                            @JsonProperty("calibrate") Object calibrate,
                            @JsonProperty("calibration_max_age") String calibrationMaxAge) {

    public static final int DEFAULT_SPEED = 1_000_000;
    /** The ADXL355's highest SPI clock (datasheet: 10 MHz). */
    public static final int MAX_SPEED = 10_000_000;
    public static final String DEFAULT_RANGE = "2g";
    public static final double DEFAULT_RATE = 125;
    public static final String DEFAULT_CALIBRATE = "5s";
    public static final String DEFAULT_CALIBRATION_MAX_AGE = "30d";

    public Adxl355Config {
        spi = spi == null ? null : spi.withDefaults(DEFAULT_SPEED);
        range = range == null ? DEFAULT_RANGE : range;
        rate = rate == null ? DEFAULT_RATE : rate;
        calibrate = calibrate == null || Boolean.TRUE.equals(calibrate) ? DEFAULT_CALIBRATE : calibrate;
        calibrationMaxAge = calibrationMaxAge == null ? DEFAULT_CALIBRATION_MAX_AGE : calibrationMaxAge;
    }

    /** The range; call after validation. */
    public Adxl355Range rangeValue() {
        return Adxl355Range.of(range).orElseThrow(() -> new IllegalArgumentException("range: unknown " + range));
    }

    /**
     * The calibration window, {@link Duration#ZERO} when calibration is off.
     *
     * @throws IllegalArgumentException when {@code calibrate} is neither a duration nor false
     */
    public Duration calibrationWindow() {
        if (Boolean.FALSE.equals(calibrate)) {
            return Duration.ZERO;
        }
        if (calibrate instanceof String text) {
            return DurationText.parse(text);
        }
        throw new IllegalArgumentException("expected a duration like 5s, or false, got " + calibrate);
    }

    /** {@code calibration_max_age} parsed. */
    public Duration maxOffsetAge() {
        return DurationText.parse(calibrationMaxAge);
    }
}
