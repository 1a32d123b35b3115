package org.fieldgate.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of a config file, read with a size cap and strict UTF-8 before any YAML parser sees it:
 * a config is small, so a big file is a mistake (or an attack on a 64 MB heap), and a byte that is
 * not UTF-8 (a file saved as Latin-1) must be named, not turned into a replacement character.
 */
final class ConfigText {

    /** Largest config file read: 1 MB, hundreds of times a real site's config. */
    static final int MAX_BYTES = 1 << 20;

    private ConfigText() {
    }

    /** The file's text, or null after adding one problem naming the file. */
    static String read(Path file, Problems problems) throws IOException {
        String name = file.toString();
        long size = Files.size(file);
        byte[] bytes = new byte[0];
        if (size <= MAX_BYTES) {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // the file may grow after size()
            }
            size = Math.max(size, bytes.length);
        }
        if (size > MAX_BYTES) {
            problems.add(name, null, "file is " + size + " bytes; a config is at most 1 MB (" + MAX_BYTES
                    + " bytes): is this the right file?");
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            problems.add(name, lineAt(bytes, offset), String.format("not UTF-8: byte 0x%02X at offset %d is not "
                    + "valid UTF-8 (saved as Latin-1 or Windows-1252?): save the file as UTF-8",
                    bytes[offset] & 0xFF, offset));
            return null;
        }
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
