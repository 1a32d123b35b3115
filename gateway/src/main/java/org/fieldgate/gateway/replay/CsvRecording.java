package org.fieldgate.gateway.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

/**
 * Reads one recording file, one reading at a time: CSV, UTF-8, header {@code t,sensor,ch,val} and
 * an optional fifth column {@code q} ({@code ok}, {@code suspect}, {@code unsynced}; default ok).
 * {@code t} is epoch milliseconds or ISO-8601 with an offset ({@code 2024-09-10T12:00:00+07:00},
 * {@code …Z}). Blank lines and lines starting with {@code #} are skipped. Times must not go
 * backwards within a file. Every fault names {@code file:line:column}.
 */
final class CsvRecording implements AutoCloseable {

    static final String HEADER = "t,sensor,ch,val";
    private static final Pattern EPOCH_MS = Pattern.compile("-?\\d{1,19}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_]*");

    private final String name;
    private final BufferedReader in;
    private int line;
    private boolean withQuality;
    private long lastTime = Long.MIN_VALUE;

    private CsvRecording(String name, BufferedReader in) {
        this.name = name;
        this.in = in;
    }

    /** Opens {@code file} and checks its header. */
    static CsvRecording open(Path file) throws ReplayInputException {
        String name = file.toString();
        BufferedReader in;
        try {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReplayInputException(name + ": no such file");
        } catch (IOException e) {
            throw new ReplayInputException(name + ": cannot read: " + e.getMessage());
        }
        CsvRecording r = new CsvRecording(name, in);
        try {
            r.readHeader();
        } catch (ReplayInputException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void readHeader() throws ReplayInputException {
        String text;
        do {
            text = readLine();
            if (text == null) {
                throw ReplayInputException.at(name, Math.max(line, 1), 1, "empty recording: expected the header " + HEADER);
            }
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a BOM from a spreadsheet export
            }
        } while (skippable(text));
        String stripped = text.strip();
        if (stripped.startsWith("{")) {
            throw ReplayInputException.at(name, line, 1, "JSON lines (a waveform record) cannot be merged with CSV"
                    + " readings; replay them on their own with --sensor");
        }
        String header = stripped.replace(" ", "").toLowerCase(Locale.ROOT);
        if (header.equals(HEADER + ",q")) {
            withQuality = true;
        } else if (!header.equals(HEADER)) {
            throw ReplayInputException.at(name, line, 1, "expected the header " + HEADER + " (optionally ,q), found \""
                    + stripped + "\"");
        }
    }

    /** The next reading, or null at the end of the file. */
    RecordedReading next() throws ReplayInputException {
        String text;
        do {
            text = readLine();
            if (text == null) {
                return null;
            }
        } while (skippable(text));
        return parse(text);
    }

    private RecordedReading parse(String text) throws ReplayInputException {
        String[] fields = text.split(",", -1);
        int expected = withQuality ? 5 : 4;
        if (fields.length != expected) {
            throw ReplayInputException.at(name, line, 1, "expected " + expected + " fields (" + HEADER
                    + (withQuality ? ",q" : "") + "), found " + fields.length);
        }
        int[] columns = new int[fields.length];
        for (int i = 1; i < fields.length; i++) {
            columns[i] = columns[i - 1] + fields[i - 1].length() + 1;
        }
        long t = time(fields[0].strip(), columns[0] + 1);
        String sensor = fields[1].strip();
        if (!ID.matcher(sensor).matches()) {
            throw ReplayInputException.at(name, line, columns[1] + 1, "bad sensor id \"" + sensor + "\"");
        }
        String channel = fields[2].strip();
        if (!CHANNEL.matcher(channel).matches()) {
            throw ReplayInputException.at(name, line, columns[2] + 1, "bad channel name \"" + channel + "\"");
        }
        double value;
        try {
            value = Double.parseDouble(fields[3].strip());
        } catch (NumberFormatException e) {
            throw ReplayInputException.at(name, line, columns[3] + 1, "bad value \"" + fields[3].strip()
                    + "\": expected a number");
        }
        if (!Double.isFinite(value)) {
            throw ReplayInputException.at(name, line, columns[3] + 1, "value must be finite");
        }
        Quality q = Quality.OK;
        if (withQuality) {
            q = quality(fields[4].strip(), columns[4] + 1);
        }
        if (t < lastTime) {
            throw ReplayInputException.at(name, line, columns[0] + 1, "time goes backwards ("
                    + Instant.ofEpochMilli(t) + " after " + Instant.ofEpochMilli(lastTime)
                    + "): a recording must be in time order");
        }
        lastTime = t;
        return new RecordedReading(sensor, new Reading(channel, t, value, q), name, line, columns[1] + 1);
    }

    private long time(String text, int column) throws ReplayInputException {
        if (EPOCH_MS.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ReplayInputException.at(name, line, column, "time out of range: " + text);
            }
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ReplayInputException.at(name, line, column, "bad time \"" + text
                    + "\": expected epoch milliseconds or ISO-8601 with an offset (2024-09-10T12:00:00+07:00)");
        }
    }

    private Quality quality(String text, int column) throws ReplayInputException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "", "ok":
                return Quality.OK;
            case "suspect":
                return Quality.SUSPECT;
            case "unsynced":
                return Quality.UNSYNCED;
            default:
                throw ReplayInputException.at(name, line, column, "bad quality \"" + text
                        + "\": expected ok, suspect or unsynced");
        }
    }

    private static boolean skippable(String text) {
        String s = text.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    private String readLine() throws ReplayInputException {
        try {
            String text = in.readLine();
            if (text != null) {
                line++;
            }
            return text;
        } catch (CharacterCodingException e) {
            throw ReplayInputException.at(name, line + 1, 1, "not UTF-8 text");
        } catch (IOException e) {
            throw new ReplayInputException(name + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // read-only; nothing to lose
        }
    }
}
