package org.fieldgate.drivers.levelswitch;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.gpio.GpioInputs;
import org.fieldgate.drivers.io.gpio.GpioPinDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports {@code wet} (1 = water at the switch) when the pin opens, at once on every debounced
 * change, and each {@code every} as a heartbeat. Counter {@code changes}: debounced changes.
 */
final class LevelSwitchDriver extends GpioPinDriver {

    static final String CHANGES = "changes";

    private static final Logger log = LoggerFactory.getLogger(LevelSwitchDriver.class);

    private final boolean wetWhenHigh;
    private final Duration debounce;
    private final LevelDebouncer level;

    LevelSwitchDriver(DriverContext context, GpioInputs gpio, LevelSwitchConfig config, Duration reopenEvery) {
        super(context, gpio, config.gpio().pin(), config.gpio().pullMode(), List.of(LevelSwitchFactory.WET),
                List.of(CHANGES), reopenEvery);
        this.wetWhenHigh = config.wetWhenHigh();
        this.debounce = config.gpio().debounceTime();
        this.level = new LevelDebouncer(debounce);
    }

    @Override
    protected void opened(boolean high, long nanoTime) {
        level.start(high, nanoTime);
        report();
    }

    @Override
    protected void edge(boolean high, long nanoTime) {
        level.edge(high, nanoTime);
        // look again once this level could have held for the debounce time
        long due = nanoTime + debounce.toNanos() - System.nanoTime();
        schedule(this::settle, Duration.ofNanos(Math.max(0, due)));
    }

    /** Reports a debounced change at once; true when there was one. */
    private boolean settle() {
        return level.settle(System.nanoTime()).map(high -> {
            count(CHANGES, 1);
            log.info("sensor {}: {}", context().sensorId(), wet(high) ? "wet" : "dry");
            report();
            return true;
        }).orElse(false);
    }

    @Override
    protected void every(long nanoTime) {
        if (!settle()) {
            report();
        }
    }

    private boolean wet(boolean high) {
        return high == wetWhenHigh;
    }

    private void report() {
        emit(List.of(new Reading(LevelSwitchFactory.WET.name(), now(), wet(level.stable()) ? 1 : 0, Quality.OK)));
    }
}
