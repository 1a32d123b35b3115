package org.fieldgate.drivers.raingauge;

import java.io.IOException;
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
 * Counts debounced tips ({@link TipCounter}) and, each {@code every}, reports {@code rain_mm} (rain in
 * the interval), {@code rain_mm_h} (intensity over the interval) and {@code rain_total_mm} (running
 * total since install, kept in {@link RainTotalFile} after every interval with tips). Counters:
 * {@code tips}, {@code bounces} (counting edges rejected by the debounce).
 */
final class RainGaugeDriver extends GpioPinDriver {

    static final String TIPS = "tips";
    static final String BOUNCES = "bounces";

    private static final Logger log = LoggerFactory.getLogger(RainGaugeDriver.class);

    private final TipCounter counter;
    private final RainTally tally;
    private final RainTotalFile totalFile;
    private long intervalStartNanos;
    private String lastSaveError;

    RainGaugeDriver(DriverContext context, GpioInputs gpio, RainGaugeConfig config, Duration reopenEvery) {
        super(context, gpio, config.gpio().pin(), config.gpio().pullMode(),
                List.of(RainGaugeFactory.RAIN, RainGaugeFactory.INTENSITY, RainGaugeFactory.TOTAL),
                List.of(TIPS, BOUNCES), reopenEvery);
        this.counter = new TipCounter(config.gpio().risingEdge(), config.gpio().debounceTime());
        this.totalFile = new RainTotalFile(context.sensorId(), context.stateDir());
        this.tally = new RainTally(config.mmPerTip(), totalFile.load());
    }

    @Override
    protected void opened(boolean high, long nanoTime) {
        intervalStartNanos = nanoTime;
    }

    @Override
    protected void edge(boolean high, long nanoTime) {
        long bouncesBefore = counter.bounces();
        if (counter.edge(high, nanoTime)) {
            count(TIPS, 1);
        } else if (counter.bounces() > bouncesBefore) {
            count(BOUNCES, 1);
        }
    }

    @Override
    protected void every(long nanoTime) {
        closeInterval(nanoTime);
    }

    @Override
    protected void stopping(long nanoTime) {
        // tips since the last interval would be lost: report a short last interval and keep the total
        if (counter.pending() > 0) {
            closeInterval(nanoTime);
        }
    }

    private void closeInterval(long nanoTime) {
        long tips = counter.takePending();
        RainTally.Interval in = tally.close(tips, Duration.ofNanos(nanoTime - intervalStartNanos));
        intervalStartNanos = nanoTime;
        long t = now();
        if (tips > 0) {
            save(in.totalMm(), t);
        }
        emit(List.of(new Reading(RainGaugeFactory.RAIN.name(), t, in.rainMm(), Quality.OK),
                new Reading(RainGaugeFactory.INTENSITY.name(), t, in.intensityMmH(), Quality.OK),
                new Reading(RainGaugeFactory.TOTAL.name(), t, in.totalMm(), Quality.OK)));
    }

    private void save(double totalMm, long t) {
        try {
            totalFile.save(totalMm, t);
            lastSaveError = null;
        } catch (IOException | RuntimeException e) {
            String why = e.toString();
            if (!why.equals(lastSaveError)) {
                log.warn("sensor {}: cannot save the rain total to {}: {} (the total is kept in memory)",
                        context().sensorId(), totalFile.path(), why);
            }
            lastSaveError = why;
        }
    }
}
