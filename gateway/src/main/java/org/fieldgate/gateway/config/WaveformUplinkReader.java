package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.fieldgate.gateway.mseed.MiniSeedStream;

/** Reads a sensor's {@code waveform:} mapping into {@link WaveformUplink}; problems are reported. */
final class WaveformUplinkReader {


    private static final Pattern CODE = Pattern.compile("[A-Z0-9]*");
    private static final List<String> KEYS = List.of("send", "format", "miniseed", "summary");
    private static final List<String> MINISEED_KEYS = List.of("network", "station", "location", "channels",
            "record_length", "units_per_count", "max_latency");

    private final Problems problems;

    WaveformUplinkReader(Problems problems) {
        this.problems = problems;
    }

    /** The settings of {@code entry.waveform}, {@link WaveformUplink#DEFAULT} when absent, null after a problem. */
    WaveformUplink read(YamlMapping entry) {
        if (!entry.has("waveform")) {
            return WaveformUplink.DEFAULT;
        }
        YamlMapping m = entry.mapping("waveform");
        if (m == null) {
            return null;
        }
        int before = problems.count();
        WaveformUplink d = WaveformUplink.DEFAULT;
        WaveformUplink.Send send = choice(m, "send", WaveformUplink.Send.class, d.send());
        WaveformUplink.Format format = choice(m, "format", WaveformUplink.Format.class, d.format());
        Duration summary = m.duration("summary", d.summary(), false);
        WaveformUplink.MiniSeed miniseed = null;
        if (format == WaveformUplink.Format.MINISEED) {
            if (!m.has("miniseed")) {
                problems.add(m.path("miniseed"), "required with format: miniseed: at least the network and station"
                        + " codes, e.g. { network: XX, station: LB01 }");
            } else {
                miniseed = miniseed(m.mapping("miniseed"));
            }
        } else if (m.has("miniseed")) {
            m.take("miniseed");
            problems.add(m.path("miniseed"), "only used with format: miniseed");
        }
        if (send == WaveformUplink.Send.TRIGGERED && m.has("format") && format == WaveformUplink.Format.MINISEED) {
            problems.add(m.path("format"), "send: triggered sends event windows and summaries, not a stream; "
                    + "format applies to continuous sending");
        }
        m.finish(KEYS);
        return problems.count() == before && send != null && format != null
                ? new WaveformUplink(send, format, miniseed, summary) : null;
    }

    private <E extends Enum<E>> E choice(YamlMapping m, String key, Class<E> type, E fallback) {
        String text = m.string(key);
        if (text == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        problems.add(m.path(key), "expected " + String.join(" or ", names) + ", got '" + text + "'");
        return null;
    }

    private WaveformUplink.MiniSeed miniseed(YamlMapping m) {
        if (m == null) {
            return null;
        }
        String network = code(m, "network", 1, 2, true);
        String station = code(m, "station", 1, 5, true);
        String location = code(m, "location", 0, 2, false);
        Map<String, String> channels = new LinkedHashMap<>();
        YamlMapping ch = m.mapping("channels");
        if (ch != null) {
            for (String axis : ch.keys()) {
                String c = code(ch, axis, 3, 3, true);
                if (c != null) {
                    channels.put(axis, c);
                }
            }
        }
        Integer length = m.integer("record_length", MiniSeedStream.DEFAULT_RECORD_LENGTH, 256, 4096);
        if (length != null && Integer.bitCount(length) != 1) {
            problems.add(m.path("record_length"), "must be a power of two (256, 512, 1024, 2048 or 4096), got "
                    + length);
        }
        Double units = m.number("units_per_count");
        if (units != null && !(units > 0)) {
            problems.add(m.path("units_per_count"), "must be above 0 (m/s² per count), got " + units);
        }
        Duration latency = m.duration("max_latency", MiniSeedStream.DEFAULT_MAX_LATENCY, false);
        m.finish(MINISEED_KEYS);
        if (network == null || station == null || length == null) {
            return null;
        }
        return new WaveformUplink.MiniSeed(network, station, location == null ? "" : location, channels, length,
                units == null ? MiniSeedStream.DEFAULT_UNITS_PER_COUNT : units, latency);
    }

    private String code(YamlMapping m, String key, int min, int max, boolean required) {
        String text = required ? m.requiredString(key) : m.string(key);
        if (text == null) {
            return null;
        }
        if (text.length() < min || text.length() > max || !CODE.matcher(text).matches()) {
            problems.add(m.path(key), "a SEED " + key.replace('_', ' ') + " code is " + (min == max ? min
                    : min + "–" + max) + " characters A–Z, 0–9, got '" + text + "'");
            return null;
        }
        return text;
    }
}
