package org.fieldgate.drivers.mightyohm;

import java.util.function.Consumer;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.LineSplitter;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Finds report lines in a MightyOhm kit's serial output: {@code CPS, n, CPM, n, uSv/hr, i.ff, MODE}
 * ended by CR LF, once a second. Pure: no I/O, no input makes it throw.
 *
 * <p>The line has no checksum; what the firmware writes is checked instead: seven fields, whole
 * numbers, a mode of {@code SLOW}, {@code FAST} or {@code INST}, and — the line's only redundancy —
 * its dose must be what the firmware computes from its CPM ({@code ⌊⌊cpm × 57 / 100⌋⌋ / 100}, the
 * SBM-20's 0.0057 µSv/h per CPM, two decimals truncated). A line whose dose disagrees lost or changed
 * a digit on the wire and is a {@link FrameSink#checksumError}; with {@code deviceFactor} 0 (clones
 * that print another dose) the check is off. The power-up banner ({@code mightyohm.com Geiger
 * Counter 1.00} or {@code LVA Geiger Counter 1.50} and a URL line) goes to the banner listener: it
 * means the kit just started, and its minute count is not full for 60 s. Any other line is garbage
 * (a resync); a report preceded by bytes on its line (listening started mid-line) is still taken.
 */
public final class MightyOhmCodec implements StreamDecoder<MightyOhmLine> {

    /** Longest line kept (a report is under 50 characters). */
    static final int MAX_LINE = 96;
    /** The firmware's SCALE_FACTOR: µSv/h per CPM × 10,000. */
    public static final double FIRMWARE_USV_PER_CPM = 0.0057;

    private final double deviceFactor;
    private final Consumer<String> banner;
    private final LineSplitter lines = new LineSplitter(MAX_LINE, true);

    /**
     * @param deviceFactor the kit's own µSv/h per CPM ({@link #FIRMWARE_USV_PER_CPM}), or 0 not to check
     *                     the line's dose against its CPM
     * @param banner       receives the power-up banner lines
     */
    public MightyOhmCodec(double deviceFactor, Consumer<String> banner) {
        this.deviceFactor = deviceFactor;
        this.banner = banner;
    }

    @Override
    public void feed(byte[] buf, int off, int len, FrameSink<MightyOhmLine> sink) {
        lines.feed(buf, off, len, sink, (line, n) -> endOfLine(line, n, sink));
    }

    private void endOfLine(byte[] line, int n, FrameSink<MightyOhmLine> sink) {
        String text = new String(line, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = text.lastIndexOf("CPS,");
        if (start < 0) {
            String printable = LineSplitter.printable(line, n);
            if (printable != null && isBanner(printable)) {
                banner.accept(printable);
            } else {
                sink.resync(n + 1);
            }
            return;
        }
        if (start > 0) {
            sink.resync(start);
        }
        MightyOhmLine parsed = parse(text.substring(start));
        if (parsed == null) {
            sink.resync(n - start + 1);
        } else if (deviceFactor > 0 && !doseAgrees(parsed)) {
            sink.checksumError();
        } else {
            sink.frame(parsed);
        }
    }

    private static boolean isBanner(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("geiger counter") || lower.startsWith("http://mightyohm.com")
                || lower.startsWith("http://lva.bg");
    }

    /** The fields of a report; null when they are not what the firmware writes. */
    static MightyOhmLine parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7 || !f[0].equals("CPS") || !f[2].strip().equals("CPM") || !f[4].strip().equals("uSv/hr")) {
            return null;
        }
        long cps = whole(f[1]);
        long cpm = whole(f[3]);
        String dose = f[5].strip();
        String mode = f[6].strip();
        if (cps < 0 || cpm < 0 || !dose.matches("\\d{1,6}\\.\\d{2}")
                || !(mode.equals("SLOW") || mode.equals("FAST") || mode.equals("INST"))) {
            return null;
        }
        return new MightyOhmLine(cps, cpm, Double.parseDouble(dose), mode);
    }

    /** A whole number of at most 7 digits after one space, as {@code ultoa} writes it; -1 otherwise. */
    private static long whole(String field) {
        if (field.length() < 2 || field.length() > 8 || field.charAt(0) != ' ') {
            return -1;
        }
        long v = 0;
        for (int i = 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The firmware's arithmetic: hundredths of µSv/h = ⌊cpm × factor × 10,000 / 100⌋, truncated. */
    private boolean doseAgrees(MightyOhmLine l) {
        long scaled = (long) Math.floor(l.cpm() * Math.round(deviceFactor * 10_000) / 100.0);
        long printed = Math.round(l.usvH() * 100);
        return printed == scaled;
    }
}
