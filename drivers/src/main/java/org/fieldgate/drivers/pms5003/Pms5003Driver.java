package org.fieldgate.drivers.pms5003;

import java.io.IOException;
import java.util.function.Supplier;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.CountingFrameSink;
import org.fieldgate.drivers.io.transport.LinkDriver;

/**
 * A PMSx003 over a {@link ByteLink}. On every open it wakes the sensor and sets the configured mode.
 * Active mode: the sensor streams about one frame a second; one frame per {@code every} becomes
 * readings (thinned, not averaged). Passive mode: every {@code every} the driver sends the read
 * command and waits for the frame ({@code timeouts} counts reads that got none).
 */
final class Pms5003Driver extends LinkDriver {

    private static final int READ_SLICE_MS = 100;
    /** A passive read is answered within a few ms; allow for a slow device server. */
    private static final int ANSWER_TIMEOUT_MS = 1_500;

    private final boolean passive;
    private final Pms5003Variant variant;
    private long lastEmitNanos;

    Pms5003Driver(DriverContext context, boolean passive, Pms5003Variant variant, Supplier<ByteLink> links) {
        super(context, Pms5003Codec.channels(variant), links);
        this.passive = passive;
        this.variant = variant;
    }

    @Override
    protected void session(ByteLink link) throws IOException, InterruptedException {
        link.write(Pms5003Codec.wake());
        link.write(passive ? Pms5003Codec.passiveMode() : Pms5003Codec.activeMode());
        CountingFrameSink<Pms5003Frame> frames = new CountingFrameSink<>(Pms5003Codec.decoder(), this::count,
                this::onFrame);
        byte[] buf = new byte[256];
        long everyNanos = context().every().toNanos();
        lastEmitNanos = 0;
        long nextRequest = System.nanoTime();
        while (running()) {
            if (passive) {
                long wait = nextRequest - System.nanoTime();
                if (wait > 0) {
                    // bytes arriving between requests (acks, a stray frame) are still decoded
                    frames.readFrom(link, buf, (int) Math.min(READ_SLICE_MS, Math.max(1, wait / 1_000_000)));
                    continue;
                }
                nextRequest = System.nanoTime() + everyNanos;
                long framesBefore = frames.frames();
                link.write(Pms5003Codec.passiveRead());
                long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000L;
                while (running() && frames.frames() == framesBefore && System.nanoTime() < deadline) {
                    frames.readFrom(link, buf, READ_SLICE_MS);
                }
                if (running() && frames.frames() == framesBefore) {
                    count(TIMEOUTS);
                }
            } else {
                frames.readFrom(link, buf, 200);
            }
        }
    }

    /** Thins: in passive mode every answer is kept, in active mode one per {@code every}. */
    private void onFrame(Pms5003Frame frame) {
        long nowNanos = System.nanoTime();
        if (passive || lastEmitNanos == 0 || nowNanos - lastEmitNanos >= context().every().toNanos()) {
            lastEmitNanos = nowNanos;
            emit(Pms5003Codec.readings(frame, variant, now()));
        }
    }
}
