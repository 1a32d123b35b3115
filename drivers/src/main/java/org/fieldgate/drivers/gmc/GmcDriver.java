package org.fieldgate.drivers.gmc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.CountRate;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a GMC counter: on each connection {@code <GETVER>>} first (the reply length of every later
 * command depends on the model), then every {@code every} {@code <GETCPM>>} and, where the model has
 * it, {@code <GETVOLT>>}; every 10 minutes the block's mean dose ({@code dose_usv_h_10m}). The replies have no framing: a reply shorter than the model's length
 * within {@code response_timeout} is no reading ({@code timeouts}); bytes waiting before a command
 * (a late reply, noise) are thrown away and counted ({@code resyncs} by bytes); a version reply
 * that is not a GMC's counts {@code bad_responses} and is asked again after {@code every}.
 */
final class GmcDriver extends LinkDriver {

    static final String BAD_RESPONSES = "bad_responses";
    /** Quiet needed on the line before a command. */
    static final int QUIET_MS = 20;

    static final ChannelSpec BATTERY = ChannelSpec.scalar("battery_v", "V", 0, 20);

    private static final Logger LOG = LoggerFactory.getLogger(GmcDriver.class);

    private final CountRate rate;
    private final int timeoutMs;

    GmcDriver(DriverContext context, GmcConfig c, List<ChannelSpec> channels, Supplier<ByteLink> links) {
        super(context, channels, links);
        this.rate = new CountRate(c.cpmPerUsvH());
        this.timeoutMs = (int) DurationText.parse(c.responseTimeout()).toMillis();
        count(BAD_RESPONSES, 0);
    }

    @Override
    protected void session(ByteLink link) throws IOException, InterruptedException {
        long everyNanos = context().every().toNanos();
        GmcModel model = null;
        long next = System.nanoTime();
        while (running()) {
            if (model == null) {
                model = identify(link).orElse(null);
            }
            if (model != null) {
                poll(link, model);
            }
            long now = System.nanoTime();
            do {
                next += everyNanos;
            } while (next <= now);
            long sleepMs = (next - System.nanoTime()) / 1_000_000L;
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
        }
    }

    private Optional<GmcModel> identify(ByteLink link) throws IOException {
        byte[] reply = new byte[GmcModel.MAX_VERSION];
        int n = exchange(link, "GETVER", reply, GmcModel.MAX_VERSION, true);
        if (n == 0) {
            return Optional.empty();
        }
        Optional<GmcModel> model = GmcModel.of(reply, n);
        if (model.isEmpty()) {
            count(BAD_RESPONSES);
        } else {
            LOG.info("sensor {}: {} (CPM in {} bytes)", context().sensorId(), model.get().version(),
                    model.get().cpmBytes());
        }
        return model;
    }

    private void poll(ByteLink link, GmcModel model) throws IOException {
        byte[] reply = new byte[4];
        if (exchange(link, "GETCPM", reply, model.cpmBytes(), false) < model.cpmBytes()) {
            return;
        }
        long cpm = model.cpm(reply);
        long t = now();
        List<Reading> readings = new ArrayList<>(rate.readings(t, cpm, Quality.OK));
        if (model.hasVolt() && exchange(link, "GETVOLT", reply, 1, false) == 1) {
            double volts = (reply[0] & 0xff) / 10.0;
            readings.add(new Reading(BATTERY.name(), t, volts, BATTERY.inRange(volts) ? Quality.OK : Quality.SUSPECT));
        }
        count(FRAMES);
        emit(readings);
    }

    /**
     * Sends {@code <NAME>>} and reads up to {@code length} reply bytes within the timeout; returns how
     * many came. With {@code variable}, a pause of 200 ms after some bytes ends the reply (the version
     * is 14 or 15 bytes). Fewer than {@code length} (without {@code variable}) counts a timeout.
     */
    private int exchange(ByteLink link, String name, byte[] reply, int length, boolean variable) throws IOException {
        byte[] stray = new byte[256];
        int s;
        // the line must be quiet for QUIET_MS first: a late byte of the last reply is not this one's
        while ((s = link.read(stray, QUIET_MS)) > 0) {
            count(BYTES, s);
            count(RESYNCS, s);
        }
        link.write(GmcModel.command(name));
        int n = 0;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] chunk = new byte[16];
        while (n < length) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            int got = link.read(chunk, (int) Math.min(left, variable && n > 0 ? 200 : left));
            if (got == 0) {
                if (variable && n > 0) {
                    break;
                }
                continue;
            }
            count(BYTES, got);
            int take = Math.min(got, length - n);
            System.arraycopy(chunk, 0, reply, n, take);
            n += take;
            if (got > take) {
                count(RESYNCS, got - take); // more than the model sends: not part of this reply
            }
        }
        if (n < length && !(variable && n > 0)) {
            count(TIMEOUTS);
        }
        return n;
    }
}
