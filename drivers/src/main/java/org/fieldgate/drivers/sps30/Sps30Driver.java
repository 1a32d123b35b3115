package org.fieldgate.drivers.sps30;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.CountingFrameSink;
import org.fieldgate.drivers.io.transport.LinkDriver;

/**
 * An SPS30 over a {@link ByteLink}, request/response. On every open: start measurement (float
 * format); then every {@code every}: read measured values. An answer with no data means "no new
 * values yet"; a "not allowed in current state" answer (the sensor was reset and is idle) makes the
 * driver start the measurement again. Unanswered requests count as {@code timeouts}.
 */
final class Sps30Driver extends LinkDriver {

    /** The sensor answers within 20 ms; allow for a device server. */
    private static final int ANSWER_TIMEOUT_MS = 1_000;

    Sps30Driver(DriverContext context, Supplier<ByteLink> links) {
        super(context, Sps30Codec.CHANNELS, links);
    }

    @Override
    protected void session(ByteLink link) throws IOException, InterruptedException {
        Exchange x = new Exchange(link);
        x.ask(Sps30Codec.startMeasurement(), Sps30Codec.CMD_START);
        long everyNanos = context().every().toNanos();
        long next = System.nanoTime() + Math.min(everyNanos, 1_000_000_000L);
        while (running()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                x.readSome((int) Math.min(100, Math.max(1, wait / 1_000_000)));
                continue;
            }
            next = System.nanoTime() + everyNanos;
            ShdlcFrame answer = x.ask(Sps30Codec.readMeasuredValues(), Sps30Codec.CMD_READ);
            if (answer == null) {
                continue;
            }
            if (answer.state() == Sps30Codec.STATE_NOT_ALLOWED) {
                x.ask(Sps30Codec.startMeasurement(), Sps30Codec.CMD_START);
            } else if (answer.state() == 0 && answer.data().length == Sps30Codec.VALUES_LENGTH) {
                emit(Sps30Codec.readings(Sps30Codec.values(answer.data()), now()));
            }
        }
    }

    /** One request at a time: write, then read until the answer to that command or the timeout. */
    private final class Exchange {
        private final ByteLink link;
        private final ArrayDeque<ShdlcFrame> answers = new ArrayDeque<>();
        private final CountingFrameSink<ShdlcFrame> sink =
                new CountingFrameSink<>(Sps30Codec.responseDecoder(), Sps30Driver.this::count, answers::add);
        private final byte[] buf = new byte[512];

        Exchange(ByteLink link) {
            this.link = link;
        }

        ShdlcFrame ask(byte[] request, int command) throws IOException {
            answers.clear();
            link.write(request);
            long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000L;
            while (running() && System.nanoTime() < deadline) {
                readSome(50);
                ShdlcFrame f;
                while ((f = answers.poll()) != null) {
                    if (f.address() == Sps30Codec.ADDRESS && f.command() == command) {
                        return f;
                    }
                }
            }
            if (running()) {
                count(TIMEOUTS);
            }
            return null;
        }

        void readSome(int timeoutMs) throws IOException {
            sink.readFrom(link, buf, timeoutMs);
        }
    }
}
