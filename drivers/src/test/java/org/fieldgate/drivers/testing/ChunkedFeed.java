package org.fieldgate.drivers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Feeds a stream decoder the way a serial port does: in slices of random length. Also builds the
 * positive half of a fuzz test, valid frames with garbage between them, so that a decoder which
 * stops emitting frames fails the test instead of passing every assertion inside an empty loop.
 */
public final class ChunkedFeed {

    private ChunkedFeed() {
    }

    /** Feeds {@code input} in slices of 1..{@code maxSlice} bytes and returns what was decoded. */
    public static <F> CollectingSink<F> feed(StreamDecoder<F> decoder, byte[] input, Random rnd, int maxSlice) {
        CollectingSink<F> sink = new CollectingSink<>();
        for (int i = 0; i < input.length; ) {
            int n = Math.min(input.length - i, 1 + rnd.nextInt(maxSlice));
            decoder.feed(input, i, n, sink);
            i += n;
        }
        return sink;
    }

    /**
     * The frames in order, each preceded by 0..{@code maxGarbage} random bytes that are never
     * {@code frameStart} (so garbage cannot open a false frame that swallows the next real one), and
     * followed by {@code trailer} when not null (e.g. a line end that closes a garbage line).
     */
    public static byte[] framesAmidGarbage(List<byte[]> frames, Random rnd, int maxGarbage, int frameStart,
            byte[] trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            int garbage = rnd.nextInt(maxGarbage + 1);
            for (int g = 0; g < garbage; g++) {
                int b;
                do {
                    b = rnd.nextInt(256);
                } while (b == (frameStart & 0xFF));
                out.write(b);
            }
            if (garbage > 0 && trailer != null) {
                out.writeBytes(trailer);
            }
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /**
     * 2,000 cases of 1..6 frames picked from {@code real} amid garbage that never holds
     * {@code frameStart}: each case must decode to exactly the frames sent, re-encoded byte for byte.
     */
    public static <F> void assertEveryFrameDecoded(List<byte[]> real, Supplier<StreamDecoder<F>> decoder,
            Function<F, byte[]> encode, int frameStart, int maxSlice, long seed) {
        Random rnd = new Random(seed);
        for (int c = 0; c < 2_000; c++) {
            List<byte[]> sent = new ArrayList<>();
            for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                sent.add(real.get(rnd.nextInt(real.size())));
            }
            byte[] stream = framesAmidGarbage(sent, rnd, 50, frameStart, null);
            List<F> got = feed(decoder.get(), stream, rnd, maxSlice).frames;
            assertThat(got).as("case %d", c).hasSize(sent.size());
            for (int k = 0; k < sent.size(); k++) {
                assertThat(encode.apply(got.get(k))).as("case %d frame %d", c, k).isEqualTo(sent.get(k));
            }
        }
    }
}
