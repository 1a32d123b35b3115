package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A waveform sensor's {@code waveform:} settings: what of its samples goes to the uplink
 * (docs/seismic.md, docs/mqtt-contract.md).
 *
 * @param send     {@code continuous} (every sample) or {@code triggered} (only the windows of
 *                 earthquake triggers, plus a summary every {@code summary})
 * @param format   {@code json} (one-second packets on {@code telemetry/{sensor}}) or {@code miniseed}
 *                 (Steim-2 records on {@code mseed/{sensor}}); for continuous sending
 * @param miniseed the miniSEED stream codes and record settings; null unless the format is miniseed
 * @param summary  with {@code triggered}: peak and RMS per axis over this interval
 */
public record WaveformUplink(Send send, Format format, MiniSeed miniseed, Duration summary) {

    public enum Send { CONTINUOUS, TRIGGERED }

    public enum Format { JSON, MINISEED }

    /** What a sensor without {@code waveform:} does: every sample, as JSON one-second packets. */
    public static final WaveformUplink DEFAULT = new WaveformUplink(Send.CONTINUOUS, Format.JSON, null,
            Duration.ofMinutes(1));

    public WaveformUplink {
        Objects.requireNonNull(send, "send");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * {@code miniseed: { network: XX, station: LB01, location: "00", channels: { x: HNE }, record_length: 512,
     * units_per_count: 1.0e-6, max_latency: 30s }}.
     *
     * @param network       SEED network code (1–2 characters)
     * @param station       SEED station code (1–5 characters)
     * @param location      SEED location code (0–2 characters)
     * @param channels      axis → SEED channel code, overriding the ones derived from the sample rate
     * @param recordLength  bytes per record (256 to 4096, a power of two)
     * @param unitsPerCount m/s² per integer count in the records
     * @param maxLatency    a record that has not filled up after this long is sent part-full
     */
    public record MiniSeed(String network, String station, String location, Map<String, String> channels,
                           int recordLength, double unitsPerCount, Duration maxLatency) {
        public MiniSeed {
            channels = Map.copyOf(channels);
        }
    }
}
