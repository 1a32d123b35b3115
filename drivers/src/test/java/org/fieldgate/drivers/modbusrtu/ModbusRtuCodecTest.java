package org.fieldgate.drivers.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden frames. PDUs are the examples of the Modbus Application Protocol Specification V1.1b3
 * (section 6.3 read holding registers 108–110, 6.4 read input register 9, 6.6 write register 2,
 * 6.12 write registers 2–3, section 7 exception reply), framed for slave 17 (0x11) as in Modbus over
 * Serial Line V1.02; {@code 11 03 00 6B 00 03 76 87} is the RTU request widely quoted for 6.3.
 * CRC vectors from CRC-16/MODBUS (check value of "123456789" = 0x4B37). Sources in src/test/resources/README.md.
 */
class ModbusRtuCodecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return ModbusRtuCodec.hex(b, 0, b.length);
    }

    private static int crcOf(String h) {
        byte[] b = hex(h);
        return ModbusRtuCodec.crc16(b, 0, b.length);
    }

    @Test
    void crcVectors() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(ModbusRtuCodec.crc16(check, 0, check.length)).isEqualTo(0x4B37);
        // low byte first on the wire: 84 0A is the CRC 0x0A84
        assertThat(crcOf("01 03 00 00 00 01")).isEqualTo(0x0A84);
        assertThat(crcOf("01 03 00 01 00 01")).isEqualTo(0xCAD5);
        assertThat(crcOf("01 03 02 00 64")).isEqualTo(0xAFB9);
        assertThat(crcOf("01 03 00 00 00 01 84 0A")).as("a frame with its CRC leaves 0").isZero();
    }

    @Test
    void aNegativeValueIsWrittenAsItsTwosComplement() { // the requests' bytes: golden/modbus-rtu.golden
        assertThat(hex(ModbusRtuCodec.writeSingleRequest(1, 3200, -1 & 0xFFFF))).startsWith("01 06 0C 80 FF FF");
    }

    @Test
    void requestsOutsideTheSpecAreRefused() {
        assertThatThrownBy(() -> ModbusRtuCodec.readRequest(1, 3, 0, 126)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusRtuCodec.readRequest(1, 6, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusRtuCodec.readRequest(248, 3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusRtuCodec.writeMultipleRequest(1, 0, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readHoldingReplyOfTheSpec() {
        byte[] request = hex("11 03 00 6B 00 03 76 87");
        byte[] reply = hex("11 03 06 02 2B 00 00 00 64 C8 BA");
        assertThat(ModbusRtuCodec.normalReplyLength(request)).isEqualTo(11);
        assertThat(ModbusRtuCodec.expectedReplyLength(request, reply, 2)).isEqualTo(11);
        ModbusReply parsed = ModbusRtuCodec.parseReply(request, reply, reply.length);
        assertThat(parsed).isInstanceOf(ModbusReply.Registers.class);
        assertThat(((ModbusReply.Registers) parsed).values()).containsExactly(555, 0, 100);
    }

    @Test
    void readInputAndWriteEchoReplies() {
        ModbusReply input = ModbusRtuCodec.parseReply(hex("11 04 00 08 00 01 B2 98"), hex("11 04 02 00 0A F8 F4"), 7);
        assertThat(((ModbusReply.Registers) input).values()).containsExactly(10);

        byte[] single = hex("11 06 00 01 00 03 9A 9B");
        assertThat(ModbusRtuCodec.parseReply(single, single, 8)).isEqualTo(new ModbusReply.Written(1, 3));

        byte[] multiple = ModbusRtuCodec.writeMultipleRequest(17, 1, new int[] {0x000A, 0x0102});
        assertThat(ModbusRtuCodec.normalReplyLength(multiple)).isEqualTo(8);
        assertThat(ModbusRtuCodec.parseReply(multiple, hex("11 10 00 01 00 02 12 98"), 8))
                .isEqualTo(new ModbusReply.Written(1, 2));
    }

    @Test
    void exceptionReplyIsTypedAndNamed() {
        byte[] request = hex("11 03 00 6B 00 03 76 87");
        byte[] reply = hex("11 83 02 C1 34");
        assertThat(ModbusRtuCodec.expectedReplyLength(request, reply, 2)).isEqualTo(5);
        ModbusReply parsed = ModbusRtuCodec.parseReply(request, reply, 5);
        assertThat(parsed).isEqualTo(new ModbusReply.Refused(2));
        assertThat(((ModbusReply.Refused) parsed).name()).isEqualTo("illegal data address");
        assertThat(parsed.ok()).isFalse();
        assertThat(ModbusException.name(1)).isEqualTo("illegal function");
        assertThat(ModbusException.name(3)).isEqualTo("illegal data value");
        assertThat(ModbusException.name(4)).isEqualTo("slave device failure");
        assertThat(ModbusException.name(6)).isEqualTo("slave device busy");
        assertThat(ModbusException.name(11)).isEqualTo("gateway target device failed to respond");
        assertThat(ModbusException.name(9)).isEqualTo("exception 9");
        assertThat(ModbusException.name(200)).isEqualTo("exception 200");
    }

    @Test
    void badRepliesAreTypedNotThrown() {
        byte[] request = hex("01 03 00 00 00 01 84 0A");
        assertThat(ModbusRtuCodec.parseReply(request, hex("01 03 02 00 65 B9 AF"), 7))
                .extracting(r -> ((ModbusReply.Malformed) r).fault()).isEqualTo(ModbusReply.Fault.CHECKSUM);
        assertThat(ModbusRtuCodec.parseReply(request, hex("01 03 02"), 3))
                .extracting(r -> ((ModbusReply.Malformed) r).fault()).isEqualTo(ModbusReply.Fault.LENGTH);
        // a valid frame from slave 2 is not the answer to slave 1
        byte[] other = frame("02 03 02 00 64");
        assertThat(ModbusRtuCodec.parseReply(request, other, other.length))
                .extracting(r -> ((ModbusReply.Malformed) r).fault()).isEqualTo(ModbusReply.Fault.MISMATCH);
        // right slave and function, wrong byte count
        byte[] twoRegs = frame("01 03 04 00 64 00 65");
        assertThat(ModbusRtuCodec.parseReply(request, twoRegs, twoRegs.length))
                .extracting(r -> ((ModbusReply.Malformed) r).fault()).isEqualTo(ModbusReply.Fault.MISMATCH);
        // a write echo that differs from the request
        byte[] write = ModbusRtuCodec.writeSingleRequest(1, 3200, 45);
        byte[] badEcho = frame("01 06 0C 80 00 2C");
        assertThat(ModbusRtuCodec.parseReply(write, badEcho, 8))
                .extracting(r -> ((ModbusReply.Malformed) r).fault()).isEqualTo(ModbusReply.Fault.MISMATCH);
    }

    @Test
    void replyStartSkipsLineNoise() {
        byte[] request = hex("01 03 00 00 00 01 84 0A");
        byte[] buf = hex("FF 00 01 55 01 03 02 00 64 B9 AF");
        assertThat(ModbusRtuCodec.replyStart(request, buf, buf.length)).isEqualTo(4);
        assertThat(ModbusRtuCodec.replyStart(request, hex("00 01"), 2)).as("a lone last byte may start it").isEqualTo(1);
        assertThat(ModbusRtuCodec.replyStart(request, hex("00 02"), 2)).isEqualTo(2);
        assertThat(ModbusRtuCodec.replyStart(request, hex("01 83 02"), 3)).isZero();
    }

    @Test
    void decodesSixteenBitTypes() {
        int[] regs = {0xFF9C, 0x0064};
        assertThat(ModbusRtuCodec.decode(RegisterType.INT16, WordOrder.BIG, regs, 0)).isEqualTo(-100.0);
        assertThat(ModbusRtuCodec.decode(RegisterType.UINT16, WordOrder.BIG, regs, 0)).isEqualTo(65436.0);
        assertThat(ModbusRtuCodec.decode(RegisterType.INT16, WordOrder.BIG, regs, 1)).isEqualTo(100.0);
    }

    @Test
    void decodesThirtyTwoBitTypesInBothWordOrders() {
        // 12.345f = 0x4145851F: ABCD = 4145 851F, CDAB (word swapped) = 851F 4145
        assertThat(ModbusRtuCodec.decode(RegisterType.FLOAT32, WordOrder.BIG, new int[] {0x4145, 0x851F}, 0))
                .isEqualTo(12.345f);
        assertThat(ModbusRtuCodec.decode(RegisterType.FLOAT32, WordOrder.LITTLE, new int[] {0x851F, 0x4145}, 0))
                .isEqualTo(12.345f);
        assertThat(ModbusRtuCodec.decode(RegisterType.FLOAT32, WordOrder.BIG, new int[] {0xC2C8, 0x0000}, 0))
                .isEqualTo(-100.0);
        // -123456 = 0xFFFE1DC0
        assertThat(ModbusRtuCodec.decode(RegisterType.INT32, WordOrder.BIG, new int[] {0xFFFE, 0x1DC0}, 0))
                .isEqualTo(-123456.0);
        assertThat(ModbusRtuCodec.decode(RegisterType.INT32, WordOrder.LITTLE, new int[] {0x1DC0, 0xFFFE}, 0))
                .isEqualTo(-123456.0);
        assertThat(ModbusRtuCodec.decode(RegisterType.UINT32, WordOrder.BIG, new int[] {0xFFFE, 0x1DC0}, 0))
                .isEqualTo(4294843840.0);
        assertThat(ModbusRtuCodec.decode(RegisterType.UINT32, WordOrder.LITTLE, new int[] {0, 0x0001, 0x0002}, 1))
                .isEqualTo(0x00020001);
    }

    @Test
    void scalingIsDecimal() {
        assertThat(ModbusRtuCodec.scale(RegisterType.UINT16, 9999, 0.1, 0)).isEqualTo(999.9);
        assertThat(ModbusRtuCodec.scale(RegisterType.INT16, -5, 1, 1000)).isEqualTo(995.0);
        assertThat(ModbusRtuCodec.scale(RegisterType.INT32, -123456, 0.01, 0)).isEqualTo(-1234.56);
        assertThat(ModbusRtuCodec.scale(RegisterType.INT16, 1234, -0.001, 14.2)).isEqualTo(12.966);
        assertThat(ModbusRtuCodec.scale(RegisterType.FLOAT32, 12.345f, 1, 0)).isEqualTo(12.345);
        assertThat(ModbusRtuCodec.scale(RegisterType.FLOAT32, Float.NaN, 1, 0)).isNaN();
    }

    @Test
    void silenceIsThreeAndAHalfCharactersWithTheSpecFloor() {
        // 9600 8N1: 1042 µs a byte -> 3647 µs; 19200 8E1 (11 bits): 573 µs -> 2005 µs
        assertThat(RtuMaster.silenceMicros(1_041)).isEqualTo(3_643);
        assertThat(RtuMaster.silenceMicros(572)).isEqualTo(2_002);
        // 115200 8N1: 86 µs -> 301 µs by the formula, 1750 µs by the spec's floor above 19200 baud
        assertThat(RtuMaster.silenceMicros(86)).isEqualTo(1_750);
    }

    static byte[] frame(String hexNoCrc) {
        byte[] b = hex(hexNoCrc);
        byte[] f = java.util.Arrays.copyOf(b, b.length + 2);
        int crc = ModbusRtuCodec.crc16(b, 0, b.length);
        f[b.length] = (byte) crc;
        f[b.length + 1] = (byte) (crc >>> 8);
        return f;
    }
}
