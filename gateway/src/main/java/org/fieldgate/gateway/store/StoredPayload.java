package org.fieldgate.gateway.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a payload is kept in the outbox: as it is, or in a smaller form behind a marker byte when that
 * saves disk writes (every page a commit touches is written, so a waveform second that fits fewer
 * pages costs less each second). Markers are bytes no payload of ours starts with (JSON, miniSEED's
 * ASCII sequence digits, an empty retained message); a payload that does start with one is always
 * stored wrapped, so a stored blob is never ambiguous. Forms:
 *
 * <ul>
 *   <li>0x00, the payload's length (4 bytes, big-endian), raw DEFLATE data;</li>
 *   <li>0x01, the payload's length (4 bytes), a byte saying whether what follows is deflated (1) or
 *       not (0), then the payload's {@link NumberArrays} form: waveform JSON with its sample arrays
 *       as delta varints, a quarter of the JSON's size, about 30 % smaller than deflating it.</li>
 * </ul>
 *
 * Blobs written before a form existed are read unchanged (schema 2: all raw; then 0x00 only).
 */
public final class StoredPayload {

    private static final byte DEFLATED = 0;
    private static final byte NUMBER_ARRAYS = 1;
    /** Below this, a smaller form saves less than it costs. */
    private static final int MIN_PACK = 128;
    private static final int HEADER = 5;
    /** A stored length beyond this is damage, not a payload (MQTT's limit is 256 MB). */
    private static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    private StoredPayload() {
    }

    /** The form to store: the smallest, if at least an eighth smaller than the payload (or when it must be). */
    public static byte[] encode(byte[] payload) {
        boolean mustWrap = payload.length > 0 && (payload[0] == DEFLATED || payload[0] == NUMBER_ARRAYS);
        if (payload.length < MIN_PACK && !mustWrap) {
            return payload;
        }
        byte[] best = header(DEFLATED, payload.length, deflate(payload));
        byte[] arrays = numberArrays(payload);
        if (arrays != null && arrays.length < best.length) {
            best = arrays;
        }
        if (!mustWrap && best.length > payload.length - payload.length / 8) {
            return payload;
        }
        return best;
    }

    /** The number-array form, deflated if that is smaller; null if none, or if it would not read back exactly. */
    private static byte[] numberArrays(byte[] payload) {
        byte[] body = NumberArrays.encode(payload);
        if (body == null) {
            return null;
        }
        byte[] deflated = deflate(body);
        boolean deflate = deflated.length < body.length;
        byte[] packed = deflate ? deflated : body;
        byte[] stored = new byte[HEADER + 1 + packed.length];
        System.arraycopy(header(NUMBER_ARRAYS, payload.length, new byte[0]), 0, stored, 0, HEADER);
        stored[HEADER] = (byte) (deflate ? 1 : 0);
        System.arraycopy(packed, 0, stored, HEADER + 1, packed.length);
        // belt and braces: a payload is delivered byte for byte, so a form that does not give it back is never stored
        try {
            return Arrays.equals(decode(stored), payload) ? stored : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The payload a stored blob holds.
     *
     * @throws IllegalArgumentException when a packed blob is damaged
     */
    public static byte[] decode(byte[] stored) {
        if (stored.length == 0 || (stored[0] != DEFLATED && stored[0] != NUMBER_ARRAYS)) {
            return stored;
        }
        int body = stored[0] == NUMBER_ARRAYS ? HEADER + 1 : HEADER;
        if (stored.length < body) {
            throw new IllegalArgumentException("stored payload damaged: " + stored.length + "-byte packed blob");
        }
        int length = ByteBuffer.wrap(stored, 1, 4).getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("stored payload damaged: length " + length);
        }
        if (stored[0] == DEFLATED) {
            return inflate(stored, HEADER, length, length);
        }
        byte[] arrays = stored[HEADER] == 1 ? inflate(stored, body, -1, 2 * length + 64)
                : Arrays.copyOfRange(stored, body, stored.length);
        byte[] payload = NumberArrays.decode(ByteBuffer.wrap(arrays), length);
        if (payload.length != length) {
            throw new IllegalArgumentException("stored payload damaged: " + payload.length + " of " + length + " bytes");
        }
        return payload;
    }

    private static byte[] header(byte marker, int length, byte[] rest) {
        byte[] out = new byte[HEADER + rest.length];
        out[0] = marker;
        ByteBuffer.wrap(out, 1, 4).putInt(length);
        System.arraycopy(rest, 0, out, HEADER, rest.length);
        return out;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates {@code stored[from..]}: exactly {@code length} bytes, or (length -1) all there is, up to
     * {@code limit} bytes.
     */
    private static byte[] inflate(byte[] stored, int from, int length, int limit) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored, from, stored.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, length));
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int got = inflater.inflate(buf);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, got);
                if (out.size() > limit) {
                    throw new IllegalArgumentException("stored payload damaged: more than " + limit + " bytes");
                }
            }
            if (length >= 0 && out.size() != length) {
                throw new IllegalArgumentException("stored payload damaged: " + out.size() + " of " + length + " bytes");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("stored payload damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
