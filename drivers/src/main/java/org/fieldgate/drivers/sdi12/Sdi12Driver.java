package org.fieldgate.drivers.sdi12;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.sdi12.Sdi12Codec.DataResponse;
import org.fieldgate.drivers.sdi12.Sdi12Codec.MeasureResponse;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SDI-12 recorder: every {@code every}, for each sensor on the bus in turn, {@code aM!} (or
 * {@code aMC!}), wait the announced seconds or for the service request, then {@code aD0!},
 * {@code aD1!}, … until the announced number of values is in; the configured channels become
 * readings. A command without a valid answer is re-sent up to {@code retries} times; every try that
 * got no answer in {@code response_timeout} counts {@code timeouts}, every response with a wrong CRC
 * {@code checksum_errors}, every malformed one {@code bad_responses}. The state is {@code silent}
 * when any sensor on the bus has given no values for three reading intervals.
 */
final class Sdi12Driver extends LinkDriver {

    /** Responses that were not what the command asks for (wrong address, malformed). */
    static final String BAD_RESPONSES = "bad_responses";

    private static final Logger LOG = LoggerFactory.getLogger(Sdi12Driver.class);

    private final List<BusSensor> sensors = new ArrayList<>();
    private final boolean crc;
    private final long timeoutMs;
    private final int retries;

    /** A sensor on the bus and what the driver knows of it. */
    private static final class BusSensor {
        final char address;
        final List<Sdi12Config.Channel> channels;
        volatile long lastValuesNanos;
        boolean answering = true;

        BusSensor(Sdi12Config.Sensor s) {
            this.address = s.address().charAt(0);
            this.channels = s.channels();
        }
    }

    Sdi12Driver(DriverContext context, Sdi12Config c, List<ChannelSpec> channels, Supplier<ByteLink> links) {
        super(context, channels, links);
        c.sensors().forEach(s -> sensors.add(new BusSensor(s)));
        this.crc = c.crc();
        this.timeoutMs = DurationText.parse(c.responseTimeout()).toMillis();
        this.retries = c.retries();
        count(BAD_RESPONSES, 0);
    }

    @Override
    protected void session(ByteLink link) throws IOException, InterruptedException {
        Sdi12LineReader reader = new Sdi12LineReader(link, n -> count(BYTES, n));
        long start = System.nanoTime();
        sensors.forEach(s -> s.lastValuesNanos = start);
        long everyNanos = context().every().toNanos();
        long next = start;
        for (BusSensor s : sensors) {
            identify(link, reader, s);
        }
        while (running()) {
            for (BusSensor s : sensors) {
                if (!running()) {
                    return;
                }
                measure(link, reader, s);
            }
            long now = System.nanoTime();
            do {
                next += everyNanos;
            } while (next <= now);
            idle(reader, next);
        }
    }

    /** Waits until {@code nanoTime}, reading (and dropping) whatever arrives, which also notices a lost link. */
    private void idle(Sdi12LineReader reader, long until) throws IOException {
        while (running()) {
            long left = (until - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            reader.readLine(Math.min(left, 200));
        }
    }

    /** Asks once per session who the sensor is, for the log (probe and field crews want to know). */
    private void identify(ByteLink link, Sdi12LineReader reader, BusSensor s) throws IOException {
        String line = exchange(link, reader, Sdi12Codec.identify(s.address));
        Optional<Sdi12Codec.Identification> id = line == null ? Optional.empty() : Sdi12Codec.parseIdentification(line);
        if (id.isPresent() && id.get().address() == s.address) {
            LOG.info("sensor {}: SDI-12 address {} is {}", context().sensorId(), s.address, id.get().describe());
        }
    }

    private void measure(ByteLink link, Sdi12LineReader reader, BusSensor s) throws IOException {
        MeasureResponse m = null;
        String command = Sdi12Codec.measure(s.address, crc);
        for (int attempt = 0; attempt <= retries && m == null && running(); attempt++) {
            String line = exchange(link, reader, command);
            if (line != null) {
                m = Sdi12Codec.parseMeasure(line).filter(r -> r.address() == s.address).orElse(null);
                if (m == null) {
                    count(BAD_RESPONSES);
                }
            }
        }
        if (m == null) {
            noValues(s);
            return;
        }
        if (m.seconds() > 0) {
            awaitServiceRequest(reader, s.address, m.seconds() * 1000L + timeoutMs);
        }
        List<Double> values = new ArrayList<>();
        for (int d = 0; d <= 9 && values.size() < m.count() && running(); d++) {
            DataResponse r = sendData(link, reader, s.address, d);
            if (r == null || r.values().isEmpty()) {
                break;
            }
            values.addAll(r.values());
        }
        if (values.isEmpty()) {
            noValues(s);
            return;
        }
        s.lastValuesNanos = System.nanoTime();
        if (!s.answering) {
            s.answering = true;
            LOG.info("sensor {}: SDI-12 address {} answers again", context().sensorId(), s.address);
        }
        long t = now();
        List<Reading> readings = new ArrayList<>();
        for (Sdi12Config.Channel ch : s.channels) {
            if (ch.index() < values.size()) {
                readings.add(new Reading(ch.name(), t, values.get(ch.index()) * ch.scale() + ch.offset(), Quality.OK));
            }
        }
        emit(readings);
    }

    private DataResponse sendData(ByteLink link, Sdi12LineReader reader, char address, int d) throws IOException {
        String command = Sdi12Codec.sendData(address, d);
        for (int attempt = 0; attempt <= retries && running(); attempt++) {
            String line = exchange(link, reader, command);
            if (line == null) {
                continue;
            }
            Optional<DataResponse> r = Sdi12Codec.parseData(line, crc);
            if (r.isEmpty() || r.get().address() != address) {
                count(BAD_RESPONSES);
            } else if (!r.get().crcOk()) {
                count(CHECKSUM_ERRORS);
            } else {
                count(FRAMES);
                return r.get();
            }
        }
        return null;
    }

    /** Waits for the sensor's service request ({@code a<CR><LF>}) or until the announced time is up. */
    private void awaitServiceRequest(Sdi12LineReader reader, char address, long maxMs) throws IOException {
        long deadline = System.nanoTime() + maxMs * 1_000_000L;
        while (running()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            String line = reader.readLine(left);
            if (line != null && Sdi12Codec.parseAddress(line).filter(a -> a == address).isPresent()) {
                return;
            }
        }
    }

    /**
     * Sends one command and returns the answer line, or null after {@code response_timeout}
     * (counted). An adapter that echoes the command (on its own line or before the answer) is
     * tolerated.
     */
    private String exchange(ByteLink link, Sdi12LineReader reader, String command) throws IOException {
        link.discardInput();
        reader.clear();
        link.write(Sdi12Codec.bytes(command));
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            String line = left > 0 ? reader.readLine(left) : null;
            if (line == null) {
                count(TIMEOUTS);
                return null;
            }
            if (line.startsWith(command)) {
                line = line.substring(command.length());
            }
            if (!line.isEmpty()) {
                return line;
            }
        }
    }

    private void noValues(BusSensor s) {
        if (s.answering && System.nanoTime() - s.lastValuesNanos > silentNanos()) {
            s.answering = false;
            LOG.warn("sensor {}: SDI-12 address {} gives no values", context().sensorId(), s.address);
        }
    }

    private long silentNanos() {
        return Math.max(context().every().toNanos() * silentPeriods(), 3_000_000_000L);
    }

    /** {@code silent} also when only some of the bus's sensors stopped answering. */
    @Override
    public SensorState state() {
        SensorState base = super.state();
        if (base != SensorState.OK) {
            return base;
        }
        long now = System.nanoTime();
        for (BusSensor s : sensors) {
            if (now - s.lastValuesNanos > silentNanos()) {
                return SensorState.SILENT;
            }
        }
        return base;
    }

    /** Per address: true when it gave values within the silence limit (for status and tests). */
    Map<Character, Boolean> answering() {
        Map<Character, Boolean> out = new LinkedHashMap<>();
        long now = System.nanoTime();
        sensors.forEach(s -> out.put(s.address, now - s.lastValuesNanos <= silentNanos()));
        return out;
    }
}
