package org.fieldgate.drivers.maxbotixhrxl;

import java.util.Arrays;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Passes on, for every range the sensor sends, the median of the last {@code n} ranges (fewer until
 * {@code n} have arrived). Ultrasonic readings over a river spike: rain drops, insects, spray and
 * floating debris return an early echo for one or two readings, and a wave trough can lose the echo
 * (no-target). A median of a few consecutive readings drops such spikes without the lag and the
 * smearing an average has, and it always reports a range the sensor really measured. For an even
 * {@code n} the lower middle value is used, so a no-target value (the largest) never wins a tie.
 */
final class MedianFilter implements StreamDecoder<HrxlRange> {

    private final StreamDecoder<HrxlRange> decoder;
    private final int[] window;
    private int size;
    private int next;

    MedianFilter(StreamDecoder<HrxlRange> decoder, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("median of " + n);
        }
        this.decoder = decoder;
        this.window = new int[n];
    }

    @Override
    public void feed(byte[] buf, int off, int len, FrameSink<HrxlRange> sink) {
        decoder.feed(buf, off, len, new FrameSink<>() {
            @Override
            public void frame(HrxlRange frame) {
                sink.frame(add(frame));
            }

            @Override
            public void checksumError() {
                sink.checksumError();
            }

            @Override
            public void resync(int skipped) {
                sink.resync(skipped);
            }
        });
    }

    /** Adds a range and returns the median of the window. */
    HrxlRange add(HrxlRange range) {
        window[next] = range.millimetres();
        next = (next + 1) % window.length;
        size = Math.min(size + 1, window.length);
        int[] sorted = Arrays.copyOf(window, size);
        Arrays.sort(sorted);
        return new HrxlRange(sorted[(size - 1) / 2]);
    }
}
