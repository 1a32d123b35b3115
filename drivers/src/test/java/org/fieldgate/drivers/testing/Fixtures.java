package org.fieldgate.drivers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads test fixtures from {@code src/test/resources/fixtures/}: xxd-style hexdumps and CSV. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of an {@code xxd}-style dump ({@code 00000000: 42 4d … ascii}), one byte array per
     * line: each line of the pypms captures is one frame as read from the sensor.
     */
    public static List<byte[]> hexdumpLines(String resource) {
        List<byte[]> rows = new ArrayList<>();
        for (String line : text(resource).split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            String[] parts = line.substring(colon + 1).trim().split(" ");
            for (String p : parts) {
                if (p.length() != 2 || !p.matches("[0-9a-fA-F]{2}")) {
                    break; // the ASCII column
                }
                row.write(Integer.parseInt(p, 16));
            }
            rows.add(row.toByteArray());
        }
        return rows;
    }

    /** The data rows of a CSV with a header line, cells trimmed. */
    public static List<String[]> csvRows(String resource) {
        List<String[]> rows = new ArrayList<>();
        String[] lines = text(resource).split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",");
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].trim();
            }
            rows.add(cells);
        }
        return rows;
    }

    public static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
