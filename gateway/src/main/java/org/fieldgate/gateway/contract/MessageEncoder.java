package org.fieldgate.gateway.contract;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.sealevel.Wave;
import org.fieldgate.gateway.rules.seismic.Shaking;

/**
 * Writes the payloads of the MQTT contract v1 (DESIGN.md): compact JSON in UTF-8, fields in the
 * contract's order. Thread-safe.
 *
 * <p>Numbers: scalar values and thresholds are written as the shortest decimal that reads back as
 * the same double ({@code 9.61}, {@code 10.5}). Waveform samples are rounded to 1e-6 of the
 * packet's unit (1 µm/s² for {@code m/s2}), far below the noise floor of the MEMS accelerometers
 * used at field sites, and written in plain decimal without exponent ({@code 0.000123},
 * {@code -1.5}, {@code 0}); that keeps a 100 Hz 3-axis second at a few KB. A value that is not
 * finite (NaN, infinity) is written as {@code null}.
 */
public final class MessageEncoder {

    /** Contract version, {@code "v"} in every payload. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private final String gatewayId;

    public MessageEncoder(String gatewayId) {
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    /**
     * Scalar batch: {@code {"v":1,"gw":G,"seq":n,"sensor":S,"readings":[{"t":ms,"ch":C,"val":x,"q":"ok"},…]}}.
     */
    public byte[] telemetry(long seq, String sensor, List<Reading> readings) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("sensor", sensor);
            g.writeArrayFieldStart("readings");
            for (Reading r : readings) {
                g.writeStartObject();
                g.writeNumberField("t", r.time());
                g.writeStringField("ch", r.channel());
                g.writeFieldName("val");
                number(g, r.value());
                g.writeStringField("q", r.quality().wire());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * Waveform batch: {@code {"v":1,"gw":G,"seq":n,"sensor":S,"t0":ms,"sr":100.0,"unit":"m/s2","ch":{"x":[…],…}}}.
     */
    public byte[] waveform(long seq, String sensor, WaveformPacket packet) {
        return waveform(seq, sensor, packet, Quality.OK);
    }

    /** A waveform packet; a quality other than {@code ok} adds {@code "q"} (e.g. {@code unsynced}). */
    public byte[] waveform(long seq, String sensor, WaveformPacket packet, Quality quality) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("sensor", sensor);
            samples(g, packet, quality);
        });
    }

    /**
     * Part {@code part} of {@code parts} of the waveform window of an earthquake trigger's event:
     * {@code {"v":1,"gw":G,"seq":n,"rule":R,"sensor":S,"onset":ms,"end":ms,"part":1,"parts":3,"t0":ms,
     * "sr":…,"unit":"m/s2","ch":{…}}}; {@code end} is 0 when the window was cut before the event ended,
     * and {@code "truncated":true} marks a window cut short (the stream broke off, or the gateway
     * stopped); {@code "later_onsets":[ms,…]} lists events of the rule that raised while the window
     * was in its post time and so extended it.
     */
    public byte[] eventWindow(long seq, String rule, String sensor, long onset, List<Long> laterOnsets, long end,
                              boolean truncated, int part, int parts, WaveformPacket packet, Quality quality) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("rule", rule);
            g.writeStringField("sensor", sensor);
            g.writeNumberField("onset", onset);
            if (!laterOnsets.isEmpty()) {
                g.writeArrayFieldStart("later_onsets");
                for (long t : laterOnsets) {
                    g.writeNumber(t);
                }
                g.writeEndArray();
            }
            g.writeNumberField("end", end);
            if (truncated) {
                g.writeBooleanField("truncated", true);
            }
            g.writeNumberField("part", part);
            g.writeNumberField("parts", parts);
            samples(g, packet, quality);
        });
    }

    private static void samples(JsonGenerator g, WaveformPacket packet, Quality quality) throws IOException {
        g.writeNumberField("t0", packet.t0());
        g.writeFieldName("sr");
        number(g, packet.sampleRate());
        g.writeStringField("unit", packet.unit());
        if (quality != Quality.OK) {
            g.writeStringField("q", quality.wire());
        }
        g.writeObjectFieldStart("ch");
        for (Map.Entry<String, double[]> axis : packet.axes().entrySet()) {
            g.writeArrayFieldStart(axis.getKey());
            for (double v : axis.getValue()) {
                if (Double.isFinite(v)) {
                    g.writeNumber(sample(v));
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * Alert: {@code {"v":1,"gw":G,"seq":n,"rule":R,"state":"raised","level":"BD2","severity":2,
     * "sensor":S,"ch":C,"value":x,"threshold":y,"t":ms}}; an earthquake trigger's adds
     * {@code "onset":ms,"pga":m/s²,"pgv":m/s,"mmi":x.x} and, when it ends, {@code "end":ms,"reason":…};
     * a tsunami detector's adds {@code "signal","rms","counter","forecast_short","forecast_long","sea_level"}.
     */
    public byte[] alert(long seq, AlertEvent e) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("rule", e.rule());
            g.writeStringField("state", e.state());
            g.writeStringField("level", e.level());
            g.writeNumberField("severity", e.severity());
            g.writeStringField("sensor", e.sensor());
            g.writeStringField("ch", e.channel());
            g.writeFieldName("value");
            number(g, e.value());
            g.writeFieldName("threshold");
            number(g, e.threshold());
            g.writeNumberField("t", e.time());
            if (e.shaking() != null) {
                shaking(g, e.shaking());
            }
            if (e.wave() != null) {
                wave(g, e.wave());
            }
            if (e.rainMmH() != null) {
                g.writeFieldName("rain_mm_h");
                number(g, e.rainMmH());
            }
        });
    }

    /** Levels in metres to 0.1 mm: the detector's arithmetic has no more to say. */
    private static void wave(JsonGenerator g, Wave w) throws IOException {
        g.writeFieldName("signal");
        number(g, tenthMm(w.signal()));
        g.writeFieldName("rms");
        number(g, tenthMm(w.rms()));
        g.writeNumberField("counter", w.counter());
        g.writeFieldName("forecast_short");
        number(g, tenthMm(w.shortForecast()));
        g.writeFieldName("forecast_long");
        number(g, tenthMm(w.longForecast()));
        g.writeFieldName("sea_level");
        number(g, w.level());
    }

    private static double tenthMm(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static void shaking(JsonGenerator g, Shaking s) throws IOException {
        g.writeNumberField("onset", s.onset());
        g.writeFieldName("pga");
        g.writeNumber(sample(s.pga()));
        g.writeFieldName("pgv");
        g.writeNumber(sample(s.pgv()));
        g.writeFieldName("mmi");
        number(g, s.mmi());
        if (s.end() > 0) {
            g.writeNumberField("end", s.end());
            g.writeStringField("reason", s.reason());
        }
    }

    /**
     * {@code {"v":1,"gw":G,"seq":n,"rule":"flood","state":"acknowledged","level":"BD2","severity":2,
     * "sensor":"wl1","ch":"stage_m","value":10.62,"threshold":10.5,"by":"crew","t":ms}}: the active alarm
     * of a rule was acknowledged at {@code t}; sensor, ch, value and threshold repeat the alert that set
     * the level (left out when unknown).
     */
    public byte[] acknowledged(long seq, String rule, String level, int severity, AlertEvent last, String by,
                               long time) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("rule", rule);
            g.writeStringField("state", "acknowledged");
            g.writeStringField("level", level);
            g.writeNumberField("severity", severity);
            if (last != null) {
                g.writeStringField("sensor", last.sensor());
                g.writeStringField("ch", last.channel());
                g.writeFieldName("value");
                number(g, last.value());
                g.writeFieldName("threshold");
                number(g, last.threshold());
            }
            g.writeStringField("by", by);
            g.writeNumberField("t", time);
        });
    }

    /**
     * {@code {"v":1,"gw":G,"seq":n,"output":"siren","action":"test","seconds":3,"by":"local-page","t":ms}}:
     * a local output was switched on at {@code t} for {@code seconds} by {@code by}, with no alarm
     * asking for it (a crew testing the siren).
     */
    public byte[] outputAction(long seq, String output, String action, int seconds, String by, long time) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("output", output);
            g.writeStringField("action", action);
            g.writeNumberField("seconds", seconds);
            g.writeStringField("by", by);
            g.writeNumberField("t", time);
        });
    }

    /**
     * Birth, retained on {@code R/G/state} on every connect:
     * {@code {"v":1,"gw":G,"online":true,"version":…,"started":ms}}.
     */
    public byte[] online(String version, long started) {
        return online(version, started, null);
    }

    /**
     * Birth with the running config: {@code {"v":1,"gw":G,"online":true,"version":…,"started":ms,
     * "config":{"version":n,"hash":"sha256:…","source":"local|remote"}}}.
     */
    public byte[] online(String version, long started, ConfigIdentity config) {
        return write(g -> {
            state(g, true);
            g.writeStringField("version", version);
            g.writeNumberField("started", started);
            if (config != null) {
                config(g, config);
            }
        });
    }

    /** {@code "config":{"version":n,"hash":…,"source":…}}. */
    public static void config(JsonGenerator g, ConfigIdentity c) throws IOException {
        g.writeObjectFieldStart("config");
        g.writeNumberField("version", c.version());
        g.writeStringField("hash", c.hash());
        g.writeStringField("source", c.source());
        g.writeEndObject();
    }

    /**
     * A command's reply on {@code R/G/reply/{id}}: {@code {"v":1,"gw":G,"seq":n,"id":…,"cmd":name,
     * "status":"accepted|done|rejected|failed|rolled_back","detail":…,"t":ms}}; {@code detail} is a
     * JSON value (text, or an object such as the status), written as given.
     */
    public byte[] reply(long seq, String id, String cmd, String status, String detailJson, long time) {
        return write(g -> {
            head(g, seq);
            g.writeStringField("id", id);
            g.writeStringField("cmd", cmd);
            g.writeStringField("status", status);
            g.writeFieldName("detail");
            g.writeRawValue(detailJson);
            g.writeNumberField("t", time);
        });
    }

    /** The last will and clean-stop state, retained on {@code R/G/state}: {@code {"v":1,"gw":G,"online":false}}. */
    public byte[] offline() {
        return write(g -> state(g, false));
    }

    private void state(JsonGenerator g, boolean online) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("gw", gatewayId);
        g.writeBooleanField("online", online);
    }

    private void head(JsonGenerator g, long seq) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("gw", gatewayId);
        g.writeNumberField("seq", seq);
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    /** A finite sample rounded to 1e-6, as a plain decimal with no trailing zeros. */
    static String sample(double v) {
        if (Math.abs(v) >= 1e12) {
            return Double.toString(v); // beyond what the micro-unit long can hold; never a real acceleration
        }
        long micros = Math.round(v * 1e6);
        if (micros == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(16);
        if (micros < 0) {
            sb.append('-');
            micros = -micros;
        }
        sb.append(micros / 1_000_000);
        long frac = micros % 1_000_000;
        if (frac != 0) {
            sb.append('.');
            String digits = Long.toString(frac);
            for (int i = digits.length(); i < 6; i++) {
                sb.append('0');
            }
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(digits, 0, end);
        }
        return sb.toString();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a payload in memory failed", e); // cannot happen
        }
        return out.toByteArray();
    }
}
