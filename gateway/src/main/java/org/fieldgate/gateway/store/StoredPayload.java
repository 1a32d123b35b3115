package org.fieldgate.gateway.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a payload is kept in the outbox: as it is, or deflated behind a marker, when that saves disk
 * writes (waveform JSON shrinks to about a third). The marker is a 0x00 byte, which no payload of
 * ours starts with (JSON, miniSEED's ASCII sequence digits, an empty retained message); a payload
 * that does is always stored deflated, so a stored blob is never ambiguous. Stored form: 0x00, the
 * payload's length (4 bytes, big-endian), raw DEFLATE data. Blobs written before compression existed
 * (schema 2) are read unchanged.
 */
public final class StoredPayload {

    private static final byte MARKER = 0;
    /** Below this, deflating saves less than it costs. */
    private static final int MIN_DEFLATE = 128;
    private static final int HEADER = 5;
    /** A stored length beyond this is damage, not a payload (MQTT's limit is 256 MB). */
    private static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    private StoredPayload() {
    }

    /** The form to store: deflated when that is at least an eighth smaller (or when it must be). */
    public static byte[] encode(byte[] payload) {
        boolean mustWrap = payload.length > 0 && payload[0] == MARKER;
        if (payload.length < MIN_DEFLATE && !mustWrap) {
            return payload;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + HEADER + 16);
            out.write(MARKER);
            out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            if (!mustWrap && out.size() > payload.length - payload.length / 8) {
                return payload;
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The payload a stored blob holds.
     *
     * @throws IllegalArgumentException when a deflated blob is damaged
     */
    public static byte[] decode(byte[] stored) {
        if (stored.length == 0 || stored[0] != MARKER) {
            return stored;
        }
        if (stored.length < HEADER) {
            throw new IllegalArgumentException("stored payload damaged: " + stored.length + "-byte deflated blob");
        }
        int length = ByteBuffer.wrap(stored, 1, 4).getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("stored payload damaged: length " + length);
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored, HEADER, stored.length - HEADER);
            byte[] out = new byte[length];
            int n = 0;
            while (n < length) {
                int got = inflater.inflate(out, n, length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length) {
                throw new IllegalArgumentException("stored payload damaged: " + n + " of " + length + " bytes");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("stored payload damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
