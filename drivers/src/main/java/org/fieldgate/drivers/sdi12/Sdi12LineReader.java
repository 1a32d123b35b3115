package org.fieldgate.drivers.sdi12;

import java.io.IOException;
import java.util.function.IntConsumer;
import org.fieldgate.drivers.io.transport.ByteLink;

/**
 * Cuts what the adapter sends into response lines ({@code …<CR><LF>}; a bare LF also ends a line).
 * Bytes after a line are kept for the next read (a service request may follow a response at once).
 * A line longer than any SDI-12 response is dropped.
 */
final class Sdi12LineReader {

    /** Longer than the longest response (aD with CRC: 75 + 3 characters, aI!: 33). */
    static final int MAX_LINE = 96;

    private final ByteLink link;
    private final IntConsumer bytesRead;
    private final byte[] buf = new byte[256];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int end;
    private boolean dropping;

    Sdi12LineReader(ByteLink link, IntConsumer bytesRead) {
        this.link = link;
        this.bytesRead = bytesRead;
    }

    /** Forgets bytes received so far (before a new command). */
    void clear() {
        pos = end = 0;
        line.setLength(0);
        dropping = false;
    }

    /**
     * The next complete line without its terminator, or null when none is complete within
     * {@code timeoutMs}. Throws when the link breaks.
     */
    String readLine(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            while (pos < end) {
                byte b = buf[pos++];
                if (b == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') {
                        line.setLength(n - 1);
                    }
                    String done = line.toString();
                    line.setLength(0);
                    if (dropping) {
                        dropping = false;
                        continue;
                    }
                    return done;
                }
                if (line.length() >= MAX_LINE) {
                    dropping = true;
                    line.setLength(0);
                }
                line.append((char) (b & 0xFF));
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            int n = link.read(buf, (int) Math.min(left, 200));
            if (n > 0) {
                bytesRead.accept(n);
                pos = 0;
                end = n;
            }
        }
    }

}
