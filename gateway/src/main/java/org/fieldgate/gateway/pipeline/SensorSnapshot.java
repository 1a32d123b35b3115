package org.fieldgate.gateway.pipeline;

import java.util.Map;

/**
 * What the pipeline last saw of one sensor, for the status API.
 *
 * @param sensor          sensor id
 * @param lastReadingTime time of the newest reading or waveform sample (the reading's own stamp), 0 if none
 * @param receivedAt      wall-clock time the pipeline last received something from it, 0 if never
 * @param channels        last scalar reading per channel
 * @param waveformPeak    per axis, the largest absolute sample of the last waveform packet
 */
public record SensorSnapshot(String sensor, long lastReadingTime, long receivedAt,
                             Map<String, org.fieldgate.drivers.Reading> channels, Map<String, Double> waveformPeak) {
    public SensorSnapshot {
        channels = Map.copyOf(channels);
        waveformPeak = Map.copyOf(waveformPeak);
    }
}
