package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/**
 * The probe's sink: prints each delivery as one line, {@code 12:00:01.250  distance_m=1.234 m (ok)},
 * and counts them. Called from the driver's thread.
 */
final class ReadingPrinter implements ReadingSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintWriter out;
    private final Map<String, ChannelSpec> channels;
    private final ZoneId zone;
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong suspect = new AtomicLong();

    ReadingPrinter(PrintWriter out, List<ChannelSpec> channels, ZoneId zone) {
        this.out = out;
        this.channels = new java.util.HashMap<>();
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.zone = zone;
    }

    @Override
    public void readings(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(time(readings.get(0).time()));
        boolean anySuspect = false;
        for (Reading r : readings) {
            ChannelSpec spec = channels.get(r.channel());
            line.append("  ").append(r.channel()).append('=').append(number(r.value()));
            if (spec != null && !spec.unit().isEmpty()) {
                line.append(' ').append(spec.unit());
            }
            line.append(" (").append(r.quality().wire()).append(')');
            anySuspect |= r.quality() == Quality.SUSPECT;
        }
        if (anySuspect) {
            suspect.incrementAndGet();
        }
        print(line.toString());
        deliveries.incrementAndGet();
    }

    @Override
    public void waveform(WaveformPacket packet) {
        print(time(packet.t0()) + "  waveform " + String.join(",", packet.axes().keySet()) + ": "
                + packet.length() + " samples at " + number(packet.sampleRate()) + " Hz (" + packet.unit() + ")");
        deliveries.incrementAndGet();
    }

    /** Deliveries so far (reading sets and waveform packets). */
    long deliveries() {
        return deliveries.get();
    }

    /** Reading sets with at least one suspect reading. */
    long suspect() {
        return suspect.get();
    }

    private void print(String line) {
        synchronized (out) {
            out.println(TerminalText.escape(line)); // channel names and units come from drivers
            out.flush();
        }
    }

    private String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
