package org.fieldgate.drivers.sds011;

import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.StreamDecoder;

/**
 * Nova Fitness SDS011 (also SDS018/SDS021) laser dust sensor protocol, pure (Laser Dust Sensor
 * Control Protocol V1.3). Sensor to host: 10-byte frames {@code AA C0|C5 d1..d6 CS AB}, CS = low byte
 * of the sum of d1..d6. Host to sensor: 19-byte commands {@code AA B4 cmd d2..d13 FF FF CS AB}
 * (device id FFFF = any sensor), CS = low byte of the sum of bytes 2..16.
 */
public final class Sds011Codec {

    public static final int FRAME_LENGTH = 10;
    public static final int COMMAND_LENGTH = 19;
    /** Measurement frame type. */
    public static final int DATA = 0xC0;
    /** Command reply frame type. */
    public static final int REPLY = 0xC5;

    static final int CMD_REPORTING_MODE = 0x02;
    static final int CMD_QUERY = 0x04;
    static final int CMD_SLEEP_WORK = 0x06;
    static final int CMD_WORKING_PERIOD = 0x08;

    public static final ChannelSpec PM2_5 = ChannelSpec.scalar("pm2_5", "ug/m3", 0, 999.9);
    public static final ChannelSpec PM10 = ChannelSpec.scalar("pm10", "ug/m3", 0, 999.9);
    public static final List<ChannelSpec> CHANNELS = List.of(PM2_5, PM10);

    private Sds011Codec() {
    }

    /** The readings of a measurement frame stamped {@code time}; none for a reply. */
    public static List<Reading> readings(Sds011Frame f, long time) {
        if (!f.isData()) {
            return List.of();
        }
        return List.of(new Reading(PM2_5.name(), time, f.pm25(), Quality.OK),
                new Reading(PM10.name(), time, f.pm10(), Quality.OK));
    }

    /** The 10 bytes of {@code f} on the wire (emulators, fuzz tests). */
    public static byte[] encode(Sds011Frame f) {
        byte[] b = new byte[FRAME_LENGTH];
        b[0] = (byte) 0xAA;
        b[1] = (byte) f.type();
        int sum = 0;
        for (int i = 0; i < 6; i++) {
            b[2 + i] = (byte) f.payload()[i];
            sum += f.payload()[i] & 0xFF;
        }
        b[8] = (byte) sum;
        b[9] = (byte) 0xAB;
        return b;
    }

    /** A measurement frame: µg/m³ to the sensor's tenths. */
    public static Sds011Frame data(double pm25, double pm10, int deviceId) {
        int a = (int) Math.round(pm25 * 10);
        int b = (int) Math.round(pm10 * 10);
        return new Sds011Frame(DATA, new int[] {a & 0xFF, a >> 8 & 0xFF, b & 0xFF, b >> 8 & 0xFF,
                deviceId >> 8 & 0xFF, deviceId & 0xFF});
    }

    /** A 19-byte command to every sensor on the line (device id FFFF). */
    static byte[] command(int cmd, int... data) {
        byte[] b = new byte[COMMAND_LENGTH];
        b[0] = (byte) 0xAA;
        b[1] = (byte) 0xB4;
        b[2] = (byte) cmd;
        for (int i = 0; i < data.length; i++) {
            b[3 + i] = (byte) data[i];
        }
        b[15] = (byte) 0xFF;
        b[16] = (byte) 0xFF;
        int sum = 0;
        for (int i = 2; i <= 16; i++) {
            sum += b[i] & 0xFF;
        }
        b[17] = (byte) sum;
        b[18] = (byte) 0xAB;
        return b;
    }

    /** Set working period: 0 = continuous (a frame a second), 1..30 = one measurement every n minutes. */
    public static byte[] setWorkingPeriod(int minutes) {
        return command(CMD_WORKING_PERIOD, 1, minutes);
    }

    /** Set sleep ({@code false}) or work ({@code true}). */
    public static byte[] setWorking(boolean work) {
        return command(CMD_SLEEP_WORK, 1, work ? 1 : 0);
    }

    /** Set data reporting mode: active (the sensor sends on its own) or query. */
    public static byte[] setActiveReporting(boolean active) {
        return command(CMD_REPORTING_MODE, 1, active ? 0 : 1);
    }

    /** Query data (in query reporting mode, the sensor answers with one {@code AA C0} frame). */
    public static byte[] query() {
        return command(CMD_QUERY);
    }

    /** The command byte of a well-formed 19-byte command, or -1 (emulators). */
    public static int commandOf(byte[] b) {
        if (b.length != COMMAND_LENGTH || (b[0] & 0xFF) != 0xAA || (b[1] & 0xFF) != 0xB4 || (b[18] & 0xFF) != 0xAB) {
            return -1;
        }
        int sum = 0;
        for (int i = 2; i <= 16; i++) {
            sum += b[i] & 0xFF;
        }
        return (sum & 0xFF) == (b[17] & 0xFF) ? b[2] & 0xFF : -1;
    }

    /** The reply a sensor sends to a "set" command: {@code AA C5 cmd 01 value 00 ID1 ID2 CS AB}. */
    public static Sds011Frame reply(int cmd, int value, int deviceId) {
        return new Sds011Frame(REPLY, new int[] {cmd & 0xFF, 1, value & 0xFF, 0, deviceId >> 8 & 0xFF, deviceId & 0xFF});
    }

    public static StreamDecoder<Sds011Frame> decoder() {
        return new Decoder();
    }

    /** {@code AA}, a known type, ten bytes ending in {@code AB}; anything else is skipped a byte at a time. */
    private static final class Decoder implements StreamDecoder<Sds011Frame> {
        private final byte[] buf = new byte[FRAME_LENGTH];
        private int n;
        private int skipped;

        @Override
        public void feed(byte[] in, int off, int len, FrameSink<Sds011Frame> sink) {
            for (int i = off; i < off + len; i++) {
                buf[n++] = in[i];
                scan(sink);
            }
            flushSkipped(sink);
        }

        private void scan(FrameSink<Sds011Frame> sink) {
            while (n > 0) {
                int type = n >= 2 ? buf[1] & 0xFF : -1;
                if ((buf[0] & 0xFF) != 0xAA || (n >= 2 && type != DATA && type != REPLY)) {
                    drop(1);
                    continue;
                }
                if (n < FRAME_LENGTH) {
                    return;
                }
                if ((buf[9] & 0xFF) != 0xAB) {
                    drop(1);
                    continue;
                }
                flushSkipped(sink);
                int[] payload = new int[6];
                int sum = 0;
                for (int i = 0; i < 6; i++) {
                    payload[i] = buf[2 + i] & 0xFF;
                    sum += payload[i];
                }
                if ((sum & 0xFF) != (buf[8] & 0xFF)) {
                    sink.checksumError();
                    n -= 2;
                    System.arraycopy(buf, 2, buf, 0, n);
                    continue;
                }
                n = 0;
                sink.frame(new Sds011Frame(type, payload));
                return;
            }
        }

        private void drop(int k) {
            skipped += k;
            n -= k;
            System.arraycopy(buf, k, buf, 0, n);
        }

        private void flushSkipped(FrameSink<Sds011Frame> sink) {
            if (skipped > 0) {
                int s = skipped;
                skipped = 0;
                sink.resync(s);
            }
        }
    }
}
