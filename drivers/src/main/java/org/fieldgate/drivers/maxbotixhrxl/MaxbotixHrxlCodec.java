package org.fieldgate.drivers.maxbotixhrxl;

import java.util.Locale;
import java.util.function.Consumer;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.LineSplitter;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Finds range readings in the serial output of a MaxBotix HRXL-MaxSonar-WR: ASCII lines {@code R####}
 * (millimetre models) or {@code R###} (centimetre models), each ended by a carriage return, 9600 8N1.
 * Pure: no I/O, no input makes it throw.
 *
 * <p>On power-up the sensor prints a banner of several text lines before its first reading, e.g.
 * {@code HRXL-MaxSonar-WRL}, {@code PN:MB7386}, {@code Copyright 2011-2013}, {@code MaxBotix Inc.},
 * {@code RoHS 1.8b090  0713}, {@code TempI}. Those lines go to the banner listener, not to
 * {@link FrameSink#resync}: a power cycle is not a line fault. Any other line that is not a reading
 * is garbage and counts as a resync; a reading preceded by garbage on the same line (the gateway
 * started listening mid-line) is still taken.
 */
public final class MaxbotixHrxlCodec implements StreamDecoder<HrxlRange> {

    /** Longest line kept; the banner's longest line is under 24 characters. */
    static final int MAX_LINE = 48;
    /** Lines after a banner start that still count as banner (it has six). */
    private static final int BANNER_LINES = 8;

    private final int digits;
    private final int factorMm;
    private final Consumer<String> bannerLines;
    private final LineSplitter lines = new LineSplitter(MAX_LINE, false);
    private int bannerLeft;

    /**
     * @param units       {@code mm} (readings {@code R####}) or {@code cm} (readings {@code R###})
     * @param bannerLines receives each power-up banner line (for logs); may ignore them
     */
    public MaxbotixHrxlCodec(String units, Consumer<String> bannerLines) {
        boolean cm = "cm".equals(units);
        this.digits = cm ? 3 : 4;
        this.factorMm = cm ? 10 : 1;
        this.bannerLines = bannerLines;
    }

    @Override
    public void feed(byte[] buf, int off, int len, FrameSink<HrxlRange> sink) {
        // some USB adapters and terminal servers add LF after the CR: harmless, not part of the line
        lines.feed(buf, off, len, sink, (line, n) -> endOfLine(line, n, sink));
    }

    private void endOfLine(byte[] line, int n, FrameSink<HrxlRange> sink) {
        int start = n - 1 - digits;
        if (start >= 0 && line[start] == 'R' && digitsAt(line, start + 1)) {
            if (start > 0) {
                sink.resync(start);
            }
            bannerLeft = 0;
            sink.frame(new HrxlRange(value(line, start + 1) * factorMm));
            return;
        }
        String text = LineSplitter.printable(line, n);
        if (text != null && isBanner(text)) {
            bannerLines.accept(text);
            return;
        }
        sink.resync(n + 1);
    }

    private boolean isBanner(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("maxsonar")) {
            bannerLeft = BANNER_LINES;
            return true;
        }
        if (bannerLeft > 0) {
            bannerLeft--;
            return true;
        }
        // a banner whose first line was lost (the port opened mid-banner)
        return lower.startsWith("pn:mb") || lower.startsWith("copyright") || lower.startsWith("maxbotix")
                || lower.startsWith("rohs") || lower.startsWith("temp");
    }

    private boolean digitsAt(byte[] line, int from) {
        for (int i = from; i < from + digits; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private int value(byte[] line, int from) {
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            v = v * 10 + (line[i] - '0');
        }
        return v;
    }
}
