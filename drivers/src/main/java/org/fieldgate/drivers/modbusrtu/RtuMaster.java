package org.fieldgate.drivers.modbusrtu;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjLongConsumer;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;

/**
 * One request/reply exchange on an RTU bus, with the line timing of Modbus over Serial Line V1.02
 * (2.5.1.1): at least 3.5 character times of silence before a request (1.75 ms fixed above
 * 19200 baud), stale input discarded, then the reply read until it is complete, the response
 * timeout passes, or the line goes quiet mid-frame for longer than the inter-frame gap.
 *
 * <p>The spec's 1.5-character inter-byte limit cannot be honoured through a USB adapter or a
 * device server (they deliver bytes in bursts milliseconds apart), so a frame ends after
 * {@code max(t3.5, frameGap)} of silence instead.
 */
final class RtuMaster {

    /** Longest RTU frame (Modbus over Serial Line 2.5.1). */
    static final int MAX_FRAME = 256;

    private final ByteLink link;
    private final long silenceNanos;
    private final long byteNanos;
    private final int gapMs;
    private final int timeoutMs;
    private final ObjLongConsumer<String> counters;
    private final byte[] chunk = new byte[MAX_FRAME];
    private long lastActivityNanos = System.nanoTime();

    /**
     * @param counters receives {@code bytes} and {@code resyncs} as they happen
     */
    RtuMaster(ByteLink link, Duration responseTimeout, Duration frameGap, ObjLongConsumer<String> counters) {
        this.link = link;
        this.byteNanos = link.byteTimeMicros() * 1_000L;
        this.silenceNanos = silenceMicros(link.byteTimeMicros()) * 1_000L;
        this.gapMs = (int) Math.max(frameGap.toMillis(), (silenceNanos + 999_999) / 1_000_000);
        this.timeoutMs = (int) Math.max(1, responseTimeout.toMillis());
        this.counters = counters;
    }

    /** The 3.5-character silence in µs for a byte time in µs: 3.5 × byte time, at least 1750 µs. */
    static long silenceMicros(long byteTimeMicros) {
        // 3.5 chars at 19200 baud (10 or 11 bits) is above 1750 µs, so the minimum only bites above it
        return Math.max(byteTimeMicros * 7 / 2, 1_750);
    }

    /** Sends {@code request} and returns the slave's reply; throws only when the link breaks. */
    ModbusReply exchange(byte[] request) throws IOException {
        long quietUntil = lastActivityNanos + silenceNanos;
        long wait = quietUntil - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        link.discardInput();
        link.write(request);
        // the write returns before the bytes are on the wire: the timeout runs from their last bit
        long sentNanos = System.nanoTime() + request.length * byteNanos;
        lastActivityNanos = sentNanos;
        long deadline = sentNanos + timeoutMs * 1_000_000L;

        byte[] frame = new byte[MAX_FRAME];
        int len = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new ModbusReply.NoReply(len);
            }
            int waitMs = (int) Math.max(1, Math.min(len == 0 ? Integer.MAX_VALUE : gapMs, (left + 999_999) / 1_000_000));
            int n = link.read(chunk, waitMs);
            if (n == 0) {
                if (len > 0 && waitMs >= gapMs) {
                    // the line went quiet mid-frame: the rest is not coming
                    return new ModbusReply.NoReply(len);
                }
                continue;
            }
            lastActivityNanos = System.nanoTime();
            counters.accept(LinkDriver.BYTES, n);
            int take = Math.min(n, MAX_FRAME - len);
            System.arraycopy(chunk, 0, frame, len, take);
            len += take;
            int start = ModbusRtuCodec.replyStart(request, frame, len);
            if (start > 0) {
                counters.accept(LinkDriver.RESYNCS, 1);
                System.arraycopy(frame, start, frame, 0, len - start);
                len -= start;
            }
            if (len == 0) {
                continue;
            }
            int expected = ModbusRtuCodec.expectedReplyLength(request, frame, len);
            if (len >= expected) {
                return ModbusRtuCodec.parseReply(request, frame, expected);
            }
        }
    }
}
