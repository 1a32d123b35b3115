package org.fieldgate.drivers.io.transport;

/**
 * Cuts a byte stream into text lines for the line-based sensor protocols (MaxBotix, bGeigie,
 * MightyOhm): a line ends at CR (and, unless LF is ignored, at LF); empty lines are skipped; a line
 * longer than {@code maxLine} is never kept whole, only reported with its length, so no input grows
 * memory. One instance per link session, like the decoder that owns it.
 */
public final class LineSplitter {

    /** Where the lines go. */
    public interface Lines {
        /** A complete line: {@code length} bytes of {@code buf} from 0, without its end. */
        void line(byte[] buf, int length);

        /** A line longer than allowed, dropped: {@code bytes} including its end. */
        void tooLong(int bytes);
    }

    private final byte[] line;
    private final boolean lfEndsLine;
    private int length;
    private int dropped;

    /**
     * @param maxLine    longest line kept
     * @param lfEndsLine true: LF ends a line as CR does; false: LF is ignored (a sensor that ends with
     *                   CR alone, behind an adapter that may add LF)
     */
    public LineSplitter(int maxLine, boolean lfEndsLine) {
        this.line = new byte[maxLine];
        this.lfEndsLine = lfEndsLine;
    }

    /** Where a decoder takes each complete line. */
    @FunctionalInterface
    public interface LineHandler {
        void line(byte[] buf, int length);
    }

    /**
     * Feeds a decoder's input: each complete line goes to {@code handler}; a line too long to keep
     * is counted as a resync of {@code sink}.
     */
    public void feed(byte[] buf, int off, int len, FrameSink<?> sink, LineHandler handler) {
        feed(buf, off, len, new Lines() {
            @Override
            public void line(byte[] line, int n) {
                handler.line(line, n);
            }

            @Override
            public void tooLong(int bytes) {
                sink.resync(bytes);
            }
        });
    }

    public void feed(byte[] buf, int off, int len, Lines out) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == '\r' || (b == '\n' && lfEndsLine)) {
                endOfLine(out);
            } else if (b == '\n') {
                continue;
            } else if (length < line.length) {
                line[length++] = b;
            } else if (dropped < Integer.MAX_VALUE - line.length - 1) {
                dropped++;
            }
        }
    }

    private void endOfLine(Lines out) {
        int n = length;
        int tooMany = dropped;
        length = 0;
        dropped = 0;
        if (n == 0) {
            return;
        }
        if (tooMany > 0) {
            out.tooLong(n + tooMany + 1);
        } else {
            out.line(line, n);
        }
    }

    /** The line as text when every byte is printable ASCII (stripped), else null. */
    public static String printable(byte[] buf, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = buf[i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
            s.append((char) c);
        }
        return s.toString().strip();
    }
}
