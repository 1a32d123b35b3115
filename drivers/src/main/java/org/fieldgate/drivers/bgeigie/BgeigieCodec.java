package org.fieldgate.drivers.bgeigie;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.LineSplitter;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Finds bGeigie sentences in a logger's serial output: lines ended by CR LF,
 * {@code $BNRDD,…*XX} (Nano), {@code $BMRDD} (Mini) or {@code $BNXRDD} (NX), where {@code XX} is the
 * XOR of every character between {@code $} and {@code *} in two hex digits. Pure: no I/O, no input
 * makes it throw.
 *
 * <p>A sentence with a wrong checksum is a {@link FrameSink#checksumError} (the bGeigie's own
 * documentation has one: a driver must refuse it); comment lines ({@code # NEW LOG},
 * {@code # format=1.0.0nano}, {@code # deadtime=on}) go to the comment listener; a sentence preceded
 * by bytes on the same line (listening started mid-line) is still taken, the bytes before it
 * counted as a resync; any other line, or a sentence whose fields do not parse, is garbage (a resync).
 */
public final class BgeigieCodec implements StreamDecoder<BgeigieSentence> {

    /** Longest line kept (a sentence is under 100 characters). */
    static final int MAX_LINE = 160;
    private static final String[] TALKERS = {"$BNRDD,", "$BMRDD,", "$BNXRDD,"};

    private final Consumer<String> comments;
    private final LineSplitter lines = new LineSplitter(MAX_LINE, true);

    /** @param comments receives each comment line (for logs) */
    public BgeigieCodec(Consumer<String> comments) {
        this.comments = comments;
    }

    @Override
    public void feed(byte[] buf, int off, int len, FrameSink<BgeigieSentence> sink) {
        lines.feed(buf, off, len, sink, (line, n) -> endOfLine(line, n, sink));
    }

    private void endOfLine(byte[] line, int n, FrameSink<BgeigieSentence> sink) {
        String text = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        if (text.startsWith("#")) {
            comments.accept(text.strip());
            return;
        }
        int start = sentenceStart(text);
        if (start < 0) {
            sink.resync(n + 1);
            return;
        }
        if (start > 0) {
            sink.resync(start);
        }
        String sentence = text.substring(start);
        int star = sentence.lastIndexOf('*');
        if (star < 0 || star != sentence.length() - 3 || !hex2(sentence, star + 1)) {
            sink.resync(sentence.length() + 1);
            return;
        }
        int xor = 0;
        for (int i = 1; i < star; i++) {
            xor ^= sentence.charAt(i);
        }
        if (xor != Integer.parseInt(sentence.substring(star + 1), 16)) {
            sink.checksumError();
            return;
        }
        BgeigieSentence parsed = parse(sentence.substring(1, star));
        if (parsed == null) {
            sink.resync(sentence.length() + 1);
        } else {
            sink.frame(parsed);
        }
    }

    private static int sentenceStart(String text) {
        int best = -1;
        for (String t : TALKERS) {
            int at = text.lastIndexOf(t);
            best = Math.max(best, at);
        }
        return best;
    }

    private static boolean hex2(String s, int at) {
        return Character.digit(s.charAt(at), 16) >= 0 && Character.digit(s.charAt(at + 1), 16) >= 0;
    }

    /** The fields between {@code $} and {@code *}; null when they do not parse. */
    static BgeigieSentence parse(String body) {
        String[] f = body.split(",", -1);
        if (f.length != 15) {
            return null;
        }
        try {
            long cpm = Long.parseLong(f[3]);
            long count5s = Long.parseLong(f[4]);
            long total = Long.parseLong(f[5]);
            if (cpm < 0 || count5s < 0 || total < 0 || !(f[6].equals("A") || f[6].equals("V"))) {
                return null;
            }
            double lat = degrees(f[7], 2, f[8], "N", "S");
            double lon = degrees(f[9], 3, f[10], "E", "W");
            return new BgeigieSentence(f[1], f[2], cpm, count5s, total, f[6].equals("A"), lat, lon, f[12].equals("A"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code ddmm.mmmm} (or {@code dddmm.mmmm}) and a hemisphere to signed degrees; NaN when empty or odd. */
    private static double degrees(String value, int degreeDigits, String hemisphere, String positive, String negative) {
        if (value.length() <= degreeDigits || !(hemisphere.equals(positive) || hemisphere.equals(negative))) {
            return Double.NaN;
        }
        double deg = Double.parseDouble(value.substring(0, degreeDigits));
        double min = Double.parseDouble(value.substring(degreeDigits));
        double d = deg + min / 60.0;
        return hemisphere.equals(negative) ? -d : d;
    }
}
