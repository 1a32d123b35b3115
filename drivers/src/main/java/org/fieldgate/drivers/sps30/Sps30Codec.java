package org.fieldgate.drivers.sps30;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Sensirion SPS30 over UART (SHDLC), pure. Frames {@code 7E ADR CMD [STATE] LEN DATA… CHK 7E}; inside
 * the 7E markers, 0x7E, 0x7D, 0x11 and 0x13 are sent as 0x7D followed by the byte XOR 0x20; CHK = the
 * inverted low byte of the sum of ADR..DATA (unstuffed).
 */
public final class Sps30Codec {

    public static final int ADDRESS = 0;
    static final int CMD_START = 0x00;
    static final int CMD_STOP = 0x01;
    static final int CMD_READ = 0x03;
    static final int CMD_SLEEP = 0x10;
    static final int CMD_WAKE = 0x11;
    /** Response state "command not allowed in current state" (e.g. read while not measuring). */
    static final int STATE_NOT_ALLOWED = 0x43;
    /** Bytes of a measured-values answer in float format. */
    public static final int VALUES_LENGTH = 40;

    private static final byte FLAG = 0x7E;
    private static final byte ESCAPE = 0x7D;
    /** Longest unstuffed frame: ADR CMD STATE LEN, 255 data bytes, CHK. */
    private static final int MAX_FRAME = 5 + 255;

    public static final List<ChannelSpec> CHANNELS = List.of(
            ChannelSpec.scalar("pm1_0", "ug/m3", 0, 1000),
            ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000),
            ChannelSpec.scalar("pm4_0", "ug/m3", 0, 1000),
            ChannelSpec.scalar("pm10", "ug/m3", 0, 1000),
            ChannelSpec.scalar("nc0_5", "1/cm3", 0, 3000),
            ChannelSpec.scalar("nc1_0", "1/cm3", 0, 3000),
            ChannelSpec.scalar("nc2_5", "1/cm3", 0, 3000),
            ChannelSpec.scalar("nc4_0", "1/cm3", 0, 3000),
            ChannelSpec.scalar("nc10", "1/cm3", 0, 3000),
            ChannelSpec.scalar("typical_size_um", "um", 0, 10));

    private Sps30Codec() {
    }

    /** {@code 7E 00 00 02 01 03 F9 7E}: start measurement, big-endian IEEE 754 floats. */
    public static byte[] startMeasurement() {
        return request(CMD_START, 0x01, 0x03);
    }

    /** {@code 7E 00 01 00 FE 7E}. */
    public static byte[] stopMeasurement() {
        return request(CMD_STOP);
    }

    /** {@code 7E 00 03 00 FC 7E}. */
    public static byte[] readMeasuredValues() {
        return request(CMD_READ);
    }

    /** {@code 7E 00 10 00 EF 7E}. */
    public static byte[] sleep() {
        return request(CMD_SLEEP);
    }

    /**
     * A wake-up: one 0xFF (activates the sleeping UART) then {@code 7E 00 7D 31 00 EE 7E} (command
     * 0x11, stuffed), sent together well within the 100 ms the sensor allows between them.
     */
    public static byte[] wake() {
        byte[] frame = request(CMD_WAKE);
        byte[] out = new byte[frame.length + 1];
        out[0] = (byte) 0xFF;
        System.arraycopy(frame, 0, out, 1, frame.length);
        return out;
    }

    /** A request frame (MOSI) to address 0, stuffed. */
    public static byte[] request(int command, int... data) {
        return addressedRequest(ADDRESS, command, data);
    }

    private static byte[] addressedRequest(int address, int command, int[] data) {
        byte[] body = new byte[3 + data.length];
        body[0] = (byte) address;
        body[1] = (byte) command;
        body[2] = (byte) data.length;
        for (int i = 0; i < data.length; i++) {
            body[3 + i] = (byte) data[i];
        }
        return frame(body);
    }

    /** A response frame (MISO), stuffed (emulators, fuzz tests). */
    public static byte[] response(int command, int state, byte[] data) {
        return addressedResponse(ADDRESS, command, state, data);
    }

    private static byte[] addressedResponse(int address, int command, int state, byte[] data) {
        byte[] body = new byte[4 + data.length];
        body[0] = (byte) address;
        body[1] = (byte) command;
        body[2] = (byte) state;
        body[3] = (byte) data.length;
        System.arraycopy(data, 0, body, 4, data.length);
        return frame(body);
    }

    /** The stuffed bytes of {@code f} (a response when it has a state, else a request). */
    public static byte[] encode(ShdlcFrame f) {
        if (f.state() < 0) {
            byte[] d = f.data();
            int[] ints = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                ints[i] = d[i] & 0xFF;
            }
            return addressedRequest(f.address(), f.command(), ints);
        }
        return addressedResponse(f.address(), f.command(), f.state(), f.data());
    }

    private static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
        out.write(FLAG);
        for (byte b : body) {
            stuff(out, b);
        }
        stuff(out, checksum(body, 0, body.length));
        out.write(FLAG);
        return out.toByteArray();
    }

    private static void stuff(ByteArrayOutputStream out, byte b) {
        if (b == 0x7E || b == 0x7D || b == 0x11 || b == 0x13) {
            out.write(ESCAPE);
            out.write(b ^ 0x20);
        } else {
            out.write(b);
        }
    }

    static byte checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return (byte) ~sum;
    }

    /** The ten floats of a measured-values answer; {@code data} must be 40 bytes. */
    public static Sps30Values values(byte[] data) {
        if (data.length != VALUES_LENGTH) {
            throw new IllegalArgumentException("measured values are 40 bytes, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        return new Sps30Values(b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(),
                b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat());
    }

    /** The 40 bytes of {@code v} (emulators). */
    public static byte[] bytes(Sps30Values v) {
        ByteBuffer b = ByteBuffer.allocate(VALUES_LENGTH);
        for (float f : v.toArray()) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** The readings of {@code v}, in {@link #CHANNELS} order; a float widens exactly to the double. */
    public static List<Reading> readings(Sps30Values v, long time) {
        float[] f = v.toArray();
        List<Reading> out = new ArrayList<>(f.length);
        for (int i = 0; i < f.length; i++) {
            out.add(new Reading(CHANNELS.get(i).name(), time, f[i], Quality.OK));
        }
        return out;
    }

    /** Decodes responses (MISO: with a state byte). */
    public static StreamDecoder<ShdlcFrame> responseDecoder() {
        return new Decoder(true);
    }

    /** Decodes requests (MOSI: no state byte), for emulators. */
    public static StreamDecoder<ShdlcFrame> requestDecoder() {
        return new Decoder(false);
    }

    /**
     * Every 0x7E ends the frame being collected (if any) and starts a new one, so the closing flag of
     * one frame and the opening flag of the next both work, and a frame joined mid-way costs only
     * itself. Bytes before the first flag, and collections that are not a frame, count as a resync;
     * a well-formed frame whose checksum is wrong counts as a checksum error.
     */
    private static final class Decoder implements StreamDecoder<ShdlcFrame> {
        private final boolean withState;
        private final byte[] buf = new byte[MAX_FRAME];
        private int n;
        private boolean inFrame;
        private boolean escaped;
        private boolean broken;
        private int skipped;

        Decoder(boolean withState) {
            this.withState = withState;
        }

        @Override
        public void feed(byte[] in, int off, int len, FrameSink<ShdlcFrame> sink) {
            for (int i = off; i < off + len; i++) {
                byte b = in[i];
                if (b == FLAG) {
                    if (inFrame && (n > 0 || escaped || broken)) {
                        finish(sink);
                    }
                    inFrame = true;
                    n = 0;
                    escaped = false;
                    broken = false;
                } else if (!inFrame) {
                    skipped++;
                } else if (broken) {
                    skipped++;
                } else if (escaped) {
                    escaped = false;
                    int u = b ^ 0x20;
                    if (u != 0x7E && u != 0x7D && u != 0x11 && u != 0x13) {
                        broken = true; // not a valid escape
                        skipped += n + 2;
                    } else {
                        add((byte) u);
                    }
                } else if (b == ESCAPE) {
                    escaped = true;
                } else if (b == 0x11 || b == 0x13) {
                    broken = true; // XON/XOFF are always stuffed: a raw one means line noise
                    skipped += n + 1;
                } else {
                    add(b);
                }
            }
            if (skipped > 0) {
                sink.resync(skipped);
                skipped = 0;
            }
        }

        private void add(byte b) {
            if (n == MAX_FRAME) {
                broken = true;
                skipped += n + 1;
                return;
            }
            buf[n++] = b;
        }

        private void finish(FrameSink<ShdlcFrame> sink) {
            if (broken) {
                return; // already counted as skipped
            }
            int header = withState ? 4 : 3;
            if (escaped || n < header + 1 || (buf[header - 1] & 0xFF) != n - header - 1) {
                skipped += n;
                return;
            }
            if (checksum(buf, 0, n - 1) != buf[n - 1]) {
                if (skipped > 0) {
                    sink.resync(skipped);
                    skipped = 0;
                }
                sink.checksumError();
                return;
            }
            if (skipped > 0) {
                sink.resync(skipped);
                skipped = 0;
            }
            byte[] data = java.util.Arrays.copyOfRange(buf, header, n - 1);
            sink.frame(new ShdlcFrame(buf[0] & 0xFF, buf[1] & 0xFF, withState ? buf[2] & 0xFF : -1, data));
        }
    }
}
