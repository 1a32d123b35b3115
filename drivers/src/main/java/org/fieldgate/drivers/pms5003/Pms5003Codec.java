package org.fieldgate.drivers.pms5003;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Plantower PMSx003 (PMS1003/5003/7003/A003, PMS5003T) wire format, pure: data frames
 * {@code 42 4D 00 1C} + 13 big-endian words + checksum (uint16 BE sum of bytes 0..29); commands
 * {@code 42 4D CMD DATAH DATAL LRCH LRCL} (checksum = sum of the first 5 bytes); and the 8-byte
 * command acknowledgements ({@code 42 4D 00 04 CMD DATAH DATAL} … checksum), which the decoder
 * recognises and skips.
 */
public final class Pms5003Codec {

    /** Bytes in a data frame. */
    public static final int FRAME_LENGTH = 32;
    private static final int DATA_LENGTH = 0x1C;
    private static final int ACK_LENGTH = 0x04;

    static final int CMD_MODE = 0xE1;
    static final int CMD_READ = 0xE2;
    static final int CMD_POWER = 0xE4;

    public static final ChannelSpec PM1_0 = ChannelSpec.scalar("pm1_0", "ug/m3", 0, 1000);
    public static final ChannelSpec PM2_5 = ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000);
    public static final ChannelSpec PM10 = ChannelSpec.scalar("pm10", "ug/m3", 0, 1000);
    public static final ChannelSpec PM1_0_CF1 = ChannelSpec.scalar("pm1_0_cf1", "ug/m3", 0, 1000);
    public static final ChannelSpec PM2_5_CF1 = ChannelSpec.scalar("pm2_5_cf1", "ug/m3", 0, 1000);
    public static final ChannelSpec PM10_CF1 = ChannelSpec.scalar("pm10_cf1", "ug/m3", 0, 1000);
    /** PMS5003T: temperature, the sensor's stated range. */
    public static final ChannelSpec TEMP_C = ChannelSpec.scalar("temp_c", "C", -10, 60);
    /** PMS5003T: relative humidity. */
    public static final ChannelSpec RH_PCT = ChannelSpec.scalar("rh_pct", "%", 0, 100);
    private static final String[] COUNTS = {"n0_3", "n0_5", "n1_0", "n2_5", "n5_0", "n10"};

    private Pms5003Codec() {
    }

    /** The channels of a sensor of {@code variant}, in the order a frame gives them. */
    public static List<ChannelSpec> channels(Pms5003Variant variant) {
        List<ChannelSpec> list = new ArrayList<>(List.of(PM1_0, PM2_5, PM10, PM1_0_CF1, PM2_5_CF1, PM10_CF1));
        int counts = variant == Pms5003Variant.PMS5003T ? 4 : 6;
        for (int i = 0; i < counts; i++) {
            list.add(ChannelSpec.scalar(COUNTS[i], "1/0.1L", 0, 65535));
        }
        if (variant == Pms5003Variant.PMS5003T) {
            list.add(TEMP_C);
            list.add(RH_PCT);
        }
        return List.copyOf(list);
    }

    /** The readings of one frame, stamped {@code time}, in {@link #channels} order. */
    public static List<Reading> readings(Pms5003Frame f, Pms5003Variant variant, long time) {
        List<Reading> out = new ArrayList<>(14);
        out.add(reading(PM1_0.name(), time, f.word(3)));
        out.add(reading(PM2_5.name(), time, f.word(4)));
        out.add(reading(PM10.name(), time, f.word(5)));
        out.add(reading(PM1_0_CF1.name(), time, f.word(0)));
        out.add(reading(PM2_5_CF1.name(), time, f.word(1)));
        out.add(reading(PM10_CF1.name(), time, f.word(2)));
        int counts = variant == Pms5003Variant.PMS5003T ? 4 : 6;
        for (int i = 0; i < counts; i++) {
            out.add(reading(COUNTS[i], time, f.word(6 + i)));
        }
        if (variant == Pms5003Variant.PMS5003T) {
            out.add(reading(TEMP_C.name(), time, (short) f.word(10) / 10.0));
            out.add(reading(RH_PCT.name(), time, f.word(11) / 10.0));
        }
        return out;
    }

    private static Reading reading(String channel, long time, double value) {
        return new Reading(channel, time, value, Quality.OK);
    }

    /** The 32 bytes of a data frame carrying {@code f} (the emulator's and the fuzz test's side). */
    public static byte[] encode(Pms5003Frame f) {
        byte[] b = new byte[FRAME_LENGTH];
        b[0] = 0x42;
        b[1] = 0x4D;
        b[3] = DATA_LENGTH;
        for (int i = 0; i < Pms5003Frame.WORDS; i++) {
            b[4 + 2 * i] = (byte) (f.word(i) >> 8);
            b[5 + 2 * i] = (byte) f.word(i);
        }
        int sum = sum(b, 0, FRAME_LENGTH - 2);
        b[30] = (byte) (sum >> 8);
        b[31] = (byte) sum;
        return b;
    }

    /** A 7-byte command: {@code 42 4D cmd dataH dataL} and the 16-bit sum of those five bytes. */
    static byte[] command(int cmd, int data) {
        byte[] b = {0x42, 0x4D, (byte) cmd, (byte) (data >> 8), (byte) data, 0, 0};
        int sum = sum(b, 0, 5);
        b[5] = (byte) (sum >> 8);
        b[6] = (byte) sum;
        return b;
    }

    /** {@code 42 4D E4 00 01 01 74}. */
    public static byte[] wake() {
        return command(CMD_POWER, 1);
    }

    /** {@code 42 4D E4 00 00 01 73}. */
    public static byte[] sleep() {
        return command(CMD_POWER, 0);
    }

    /** {@code 42 4D E1 00 01 01 71}: the sensor sends a frame on its own about every second. */
    public static byte[] activeMode() {
        return command(CMD_MODE, 1);
    }

    /** {@code 42 4D E1 00 00 01 70}: the sensor sends a frame only when asked. */
    public static byte[] passiveMode() {
        return command(CMD_MODE, 0);
    }

    /** {@code 42 4D E2 00 00 01 71}: in passive mode, asks for one frame. */
    public static byte[] passiveRead() {
        return command(CMD_READ, 0);
    }

    /** The command a 7-byte request carries, or -1 when {@code b} is not a well-formed command. */
    public static int commandOf(byte[] b) {
        if (b.length != 7 || b[0] != 0x42 || b[1] != 0x4D) {
            return -1;
        }
        int sum = sum(b, 0, 5);
        return ((b[5] & 0xFF) << 8 | (b[6] & 0xFF)) == sum ? b[2] & 0xFF : -1;
    }

    /**
     * The 8-byte acknowledgement a sensor sends for a mode or power command, e.g.
     * {@code 42 4D 00 04 E1 00 01 74} (emulators).
     */
    public static byte[] ack(int cmd, int data) {
        byte[] out = {0x42, 0x4D, 0x00, ACK_LENGTH, (byte) cmd, (byte) data, 0, 0};
        int sum = sum(out, 0, 6);
        out[6] = (byte) (sum >> 8);
        out[7] = (byte) sum;
        return out;
    }

    static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += b[i] & 0xFF;
        }
        return s & 0xFFFF;
    }

    /** A fresh stream decoder (one per link session). */
    public static StreamDecoder<Pms5003Frame> decoder() {
        return new Decoder();
    }

    /**
     * Scans for {@code 42 4D}, reads the length word, and waits for the whole frame; a length other
     * than a data frame's or an acknowledgement's means a false start: skip one byte and look again.
     */
    private static final class Decoder implements StreamDecoder<Pms5003Frame> {
        private final byte[] buf = new byte[FRAME_LENGTH];
        private int n;
        private int skipped;

        @Override
        public void feed(byte[] in, int off, int len, FrameSink<Pms5003Frame> sink) {
            for (int i = off; i < off + len; i++) {
                push(in[i], sink);
            }
            flushSkipped(sink);
        }

        private void push(byte b, FrameSink<Pms5003Frame> sink) {
            buf[n++] = b;
            while (n > 0) {
                if (buf[0] != 0x42 || (n >= 2 && buf[1] != 0x4D)) {
                    drop(1);
                    continue;
                }
                if (n < 4) {
                    return;
                }
                int length = (buf[2] & 0xFF) << 8 | (buf[3] & 0xFF);
                if (length != DATA_LENGTH && length != ACK_LENGTH) {
                    drop(1);
                    continue;
                }
                int total = 4 + length;
                if (n < total) {
                    return;
                }
                flushSkipped(sink);
                int sum = sum(buf, 0, total - 2);
                int sent = (buf[total - 2] & 0xFF) << 8 | (buf[total - 1] & 0xFF);
                if (sum != sent) {
                    sink.checksumError();
                    // the real frame may start inside the bad one: rescan from after the header
                    n -= 2;
                    System.arraycopy(buf, 2, buf, 0, n);
                    continue;
                }
                if (length == DATA_LENGTH) {
                    int[] words = new int[Pms5003Frame.WORDS];
                    for (int w = 0; w < words.length; w++) {
                        words[w] = (buf[4 + 2 * w] & 0xFF) << 8 | (buf[5 + 2 * w] & 0xFF);
                    }
                    n = 0;
                    sink.frame(new Pms5003Frame(words));
                } else {
                    n = 0; // acknowledgement of a command: nothing to report
                }
                return;
            }
        }

        private void drop(int k) {
            skipped += k;
            n -= k;
            System.arraycopy(buf, k, buf, 0, n);
        }

        private void flushSkipped(FrameSink<Pms5003Frame> sink) {
            if (skipped > 0) {
                int s = skipped;
                skipped = 0;
                sink.resync(s);
            }
        }
    }
}
