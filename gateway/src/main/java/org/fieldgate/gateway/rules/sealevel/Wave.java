package org.fieldgate.gateway.rules.sealevel;

/**
 * What a sea-level alert carries besides its value: the detector's state at that reading.
 *
 * @param signal        short forecast − long forecast (m)
 * @param rms           RMS of the signal over the previous long window
 * @param counter       the up/down counter
 * @param shortForecast the short window's forecast of the level
 * @param longForecast  the long window's
 * @param level         the reading (m)
 */
public record Wave(double signal, double rms, int counter, double shortForecast, double longForecast, double level) {

    public static Wave of(SeaLevelDetector.Step s) {
        return new Wave(s.signal(), s.rms(), s.counter(), s.shortForecast(), s.longForecast(), s.level());
    }
}
