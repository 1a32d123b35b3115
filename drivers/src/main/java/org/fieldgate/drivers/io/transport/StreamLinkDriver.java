package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;

/**
 * A driver for sensors that talk on their own (PMS5003 active mode, SDS011, MaxBotix): reads the
 * link, feeds a {@link StreamDecoder}, counts frames, checksum errors and resyncs, and emits the
 * readings of at most one frame per reading interval ({@code every}); sensors that send faster are
 * thinned, not averaged.
 *
 * @param <F> the decoded frame
 */
public abstract class StreamLinkDriver<F> extends LinkDriver {

    private static final int READ_TIMEOUT_MS = 200;

    private final Supplier<StreamDecoder<F>> decoders;
    private long lastEmitNanos;

    protected StreamLinkDriver(DriverContext context, List<ChannelSpec> channels, Supplier<ByteLink> links,
                               Supplier<StreamDecoder<F>> decoders) {
        super(context, channels, links);
        this.decoders = decoders;
    }

    /** The readings a valid frame gives, stamped {@code time}; empty when it gives none. */
    protected abstract List<Reading> readings(F frame, long time);

    /** Called once the link is open, before reading: e.g. wake the sensor, select active mode. */
    protected void onOpen(ByteLink link) throws IOException {
    }

    @Override
    protected final void session(ByteLink link) throws IOException {
        onOpen(link);
        byte[] buf = new byte[512];
        long everyNanos = context().every().toNanos();
        CountingFrameSink<F> sink = new CountingFrameSink<>(decoders.get(), this::count, frame -> {
            long nowNanos = System.nanoTime();
            if (lastEmitNanos == 0 || nowNanos - lastEmitNanos >= everyNanos) {
                List<Reading> r = readings(frame, now());
                if (!r.isEmpty()) {
                    lastEmitNanos = nowNanos;
                    emit(r);
                }
            }
        });
        while (running()) {
            sink.readFrom(link, buf, READ_TIMEOUT_MS);
        }
    }
}
