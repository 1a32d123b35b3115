package org.fieldgate.drivers.modbusrtu;

import java.math.BigDecimal;

/**
 * Modbus RTU frames, pure: CRC-16/MODBUS, requests for functions 03, 04, 06 and 16, the length of
 * the reply a request expects, reply parsing and register decoding. No I/O; never throws on bad
 * reply bytes (a bad reply is a {@link ModbusReply.Malformed}).
 *
 * <p>An RTU frame is {@code slave, function, data…, crc-lo, crc-hi} (Modbus over Serial Line V1.02,
 * 2.5.1); register addresses on the wire are 0-based PDU addresses.
 */
public final class ModbusRtuCodec {

    public static final int READ_HOLDING = 3;
    public static final int READ_INPUT = 4;
    public static final int WRITE_SINGLE = 6;
    public static final int WRITE_MULTIPLE = 16;
    /** Most registers one read request may ask for (Application Protocol 6.3). */
    public static final int MAX_READ = 125;
    /** Most registers one write-multiple request may carry (Application Protocol 6.12). */
    public static final int MAX_WRITE = 123;
    /** Length of an exception reply: slave, function | 0x80, code, CRC. */
    public static final int EXCEPTION_LENGTH = 5;

    private ModbusRtuCodec() {
    }

    /** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF) of {@code len} bytes from {@code off}. */
    public static int crc16(byte[] data, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** Request 03 or 04: read {@code count} registers from {@code address}. */
    public static byte[] readRequest(int slave, int function, int address, int count) {
        if (function != READ_HOLDING && function != READ_INPUT) {
            throw new IllegalArgumentException("not a read function: " + function);
        }
        check(count >= 1 && count <= MAX_READ, "count " + count + " is not 1.." + MAX_READ);
        return frame(slave, function, address >> 8, address, count >> 8, count);
    }

    /** Request 06: write {@code value} to the holding register at {@code address}. */
    public static byte[] writeSingleRequest(int slave, int address, int value) {
        return frame(slave, WRITE_SINGLE, address >> 8, address, value >> 8, value);
    }

    /** Request 16 (0x10): write {@code values} to consecutive holding registers from {@code address}. */
    public static byte[] writeMultipleRequest(int slave, int address, int[] values) {
        check(values.length >= 1 && values.length <= MAX_WRITE, values.length + " values, not 1.." + MAX_WRITE);
        int[] body = new int[5 + 2 * values.length];
        body[0] = address >> 8;
        body[1] = address;
        body[2] = values.length >> 8;
        body[3] = values.length;
        body[4] = 2 * values.length;
        for (int i = 0; i < values.length; i++) {
            body[5 + 2 * i] = values[i] >> 8;
            body[6 + 2 * i] = values[i];
        }
        int[] all = new int[2 + body.length];
        all[0] = slave;
        all[1] = WRITE_MULTIPLE;
        System.arraycopy(body, 0, all, 2, body.length);
        return frame(all);
    }

    private static byte[] frame(int... bytes) {
        check(bytes[0] >= 0 && bytes[0] <= 247, "slave address " + bytes[0] + " is not 0..247");
        byte[] f = new byte[bytes.length + 2];
        for (int i = 0; i < bytes.length; i++) {
            f[i] = (byte) bytes[i];
        }
        int crc = crc16(f, 0, bytes.length);
        f[bytes.length] = (byte) crc;
        f[bytes.length + 1] = (byte) (crc >>> 8);
        return f;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    /** Length of the normal reply to {@code request} (built by this class). */
    public static int normalReplyLength(byte[] request) {
        int function = request[1] & 0xFF;
        if (function == READ_HOLDING || function == READ_INPUT) {
            return 5 + 2 * u16(request, 4);
        }
        return 8;
    }

    /**
     * Length the reply that starts at {@code reply[0]} will have, judging by what has arrived: an
     * exception reply once its second byte shows {@code function | 0x80}, else the normal reply.
     */
    public static int expectedReplyLength(byte[] request, byte[] reply, int len) {
        if (len >= 2 && (reply[1] & 0xFF) == ((request[1] & 0xFF) | 0x80)) {
            return EXCEPTION_LENGTH;
        }
        return normalReplyLength(request);
    }

    /**
     * Where in {@code buf[0..len)} a reply to {@code request} can start: the first byte equal to the
     * slave address followed by the function or its exception code (or the slave address as the last
     * byte). Bytes before it are line noise. Returns {@code len} when no byte can start a reply.
     */
    public static int replyStart(byte[] request, byte[] buf, int len) {
        int slave = request[0] & 0xFF;
        int function = request[1] & 0xFF;
        for (int i = 0; i < len; i++) {
            if ((buf[i] & 0xFF) != slave) {
                continue;
            }
            if (i + 1 == len) {
                return i;
            }
            int f = buf[i + 1] & 0xFF;
            if (f == function || f == (function | 0x80)) {
                return i;
            }
        }
        return len;
    }

    /** Parses the reply in {@code reply[0..len)} to {@code request}. */
    public static ModbusReply parseReply(byte[] request, byte[] reply, int len) {
        if (len < EXCEPTION_LENGTH) {
            return new ModbusReply.Malformed(ModbusReply.Fault.LENGTH, len + " bytes");
        }
        int slave = request[0] & 0xFF;
        int function = request[1] & 0xFF;
        int gotFunction = reply[1] & 0xFF;
        boolean exception = gotFunction == (function | 0x80);
        int frameLength = exception ? EXCEPTION_LENGTH : frameLength(function, reply, len);
        if (frameLength < 0 || len < frameLength) {
            return new ModbusReply.Malformed(ModbusReply.Fault.LENGTH, len + " bytes");
        }
        int crc = crc16(reply, 0, frameLength - 2);
        int sent = (reply[frameLength - 2] & 0xFF) | (reply[frameLength - 1] & 0xFF) << 8;
        if (crc != sent) {
            return new ModbusReply.Malformed(ModbusReply.Fault.CHECKSUM,
                    String.format("crc %04X, frame says %04X", crc, sent));
        }
        if ((reply[0] & 0xFF) != slave) {
            return mismatch("from slave " + (reply[0] & 0xFF) + ", asked " + slave);
        }
        if (exception) {
            return new ModbusReply.Refused(reply[2] & 0xFF);
        }
        if (gotFunction != function) {
            return mismatch("function " + gotFunction + ", asked " + function);
        }
        if (function == READ_HOLDING || function == READ_INPUT) {
            int count = u16(request, 4);
            int byteCount = reply[2] & 0xFF;
            if (byteCount != 2 * count) {
                return mismatch("byte count " + byteCount + ", asked " + count + " registers");
            }
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = u16(reply, 3 + 2 * i);
            }
            return new ModbusReply.Registers(values);
        }
        // 06 echoes address and value; 16 echoes address and quantity
        if (u16(reply, 2) != u16(request, 2) || u16(reply, 4) != u16(request, 4)) {
            return mismatch("echo " + u16(reply, 2) + "/" + u16(reply, 4) + " differs from the request");
        }
        return new ModbusReply.Written(u16(reply, 2), u16(reply, 4));
    }

    /** Length of a normal reply frame judged by its own bytes (byte count), or -1. */
    private static int frameLength(int function, byte[] reply, int len) {
        if (function == READ_HOLDING || function == READ_INPUT) {
            return len >= 3 ? 5 + (reply[2] & 0xFF) : -1;
        }
        if (function == WRITE_SINGLE || function == WRITE_MULTIPLE) {
            return 8;
        }
        return -1;
    }

    private static ModbusReply mismatch(String detail) {
        return new ModbusReply.Malformed(ModbusReply.Fault.MISMATCH, detail);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /**
     * The value of {@code type} in {@code registers} starting at {@code offset}, before scaling.
     * Registers are big-endian; {@code order} tells which register of a 32-bit value holds the
     * high word.
     */
    public static double decode(RegisterType type, WordOrder order, int[] registers, int offset) {
        int first = registers[offset] & 0xFFFF;
        if (type.words() == 1) {
            return type == RegisterType.INT16 ? (short) first : first;
        }
        int second = registers[offset + 1] & 0xFFFF;
        int bits = order == WordOrder.LITTLE ? second << 16 | first : first << 16 | second;
        return switch (type) {
            case INT32 -> bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case FLOAT32 -> Float.intBitsToFloat(bits);
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    /**
     * {@code raw × scale + offset} in decimal arithmetic, so that 9999 × 0.1 is 999.9 and not
     * 999.9000000000001 (the value goes on the wire as text). A float32 counts with the digits it
     * really has (12.345f is 12.345, not 12.345000267). NaN and infinities stay as they are.
     */
    public static double scale(RegisterType type, double raw, double scale, double offset) {
        if (!Double.isFinite(raw)) {
            return raw;
        }
        BigDecimal r = type == RegisterType.FLOAT32 ? new BigDecimal(Float.toString((float) raw))
                : BigDecimal.valueOf((long) raw);
        return r.multiply(BigDecimal.valueOf(scale)).add(BigDecimal.valueOf(offset)).doubleValue();
    }

    /** Hex dump for logs: {@code 11 03 00 6B}. */
    public static String hex(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder(len * 3);
        for (int i = off; i < off + len; i++) {
            if (i > off) {
                s.append(' ');
            }
            s.append(String.format("%02X", b[i] & 0xFF));
        }
        return s.toString();
    }
}
