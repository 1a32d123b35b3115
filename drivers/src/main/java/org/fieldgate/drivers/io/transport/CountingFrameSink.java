package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * Reads a link into a {@link StreamDecoder} and keeps a driver's link counters: {@code bytes} read,
 * {@code frames} decoded, {@code checksum_errors}, {@code resyncs}. Each good frame goes on to the
 * driver. One instance per link session, used from the driver's thread only.
 *
 * @param <F> the decoded frame
 */
public final class CountingFrameSink<F> implements FrameSink<F> {

    private final StreamDecoder<F> decoder;
    private final ObjLongConsumer<String> counters;
    private final Consumer<F> frames;
    private long frameCount;

    /**
     * @param decoder  a fresh decoder for this session
     * @param counters adds to a named counter (a {@link LinkDriver}'s {@code count})
     * @param frames   receives each frame whose checksum is right
     */
    public CountingFrameSink(StreamDecoder<F> decoder, ObjLongConsumer<String> counters, Consumer<F> frames) {
        this.decoder = decoder;
        this.counters = counters;
        this.frames = frames;
    }

    /** Reads what the link has within {@code timeoutMs} and decodes it; false when nothing came. */
    public boolean readFrom(ByteLink link, byte[] buf, int timeoutMs) throws IOException {
        int n = link.read(buf, timeoutMs);
        if (n <= 0) {
            return false;
        }
        counters.accept(LinkDriver.BYTES, n);
        decoder.feed(buf, 0, n, this);
        return true;
    }

    /** Frames decoded so far in this session. */
    public long frames() {
        return frameCount;
    }

    @Override
    public void frame(F frame) {
        frameCount++;
        counters.accept(LinkDriver.FRAMES, 1);
        frames.accept(frame);
    }

    @Override
    public void checksumError() {
        counters.accept(LinkDriver.CHECKSUM_ERRORS, 1);
    }

    @Override
    public void resync(int skipped) {
        counters.accept(LinkDriver.RESYNCS, 1);
    }
}
