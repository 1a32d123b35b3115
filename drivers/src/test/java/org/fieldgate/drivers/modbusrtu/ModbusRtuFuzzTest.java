package org.fieldgate.drivers.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bytes and mutated real replies: the codec never throws, and never takes a frame
 * whose CRC does not match (single-byte and 16-bit burst errors are always caught by CRC-16).
 */
class ModbusRtuFuzzTest {

    private static final byte[][] REQUESTS = {
        ModbusRtuCodec.readRequest(1, 3, 0, 1),
        ModbusRtuCodec.readRequest(17, 3, 0x6B, 3),
        ModbusRtuCodec.readRequest(17, 4, 8, 1),
        ModbusRtuCodec.readRequest(2, 4, 100, 125),
        ModbusRtuCodec.writeSingleRequest(17, 1, 3),
        ModbusRtuCodec.writeMultipleRequest(17, 1, new int[] {10, 258}),
    };

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20261123L);
        int ok = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] request = REQUESTS[random.nextInt(REQUESTS.length)];
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = request[0]; // start like a reply, so the deeper checks run
                if (junk.length > 1) {
                    junk[1] = random.nextInt(4) == 0 ? (byte) (request[1] | 0x80) : request[1];
                }
            }
            int len = random.nextInt(junk.length + 1);
            ModbusRtuCodec.expectedReplyLength(request, junk, len);
            ModbusRtuCodec.replyStart(request, junk, len);
            ModbusReply r = ModbusRtuCodec.parseReply(request, junk, len);
            if (r.ok() || r instanceof ModbusReply.Refused) {
                int frameLength = r instanceof ModbusReply.Refused ? 5
                        : r instanceof ModbusReply.Written ? 8 : 5 + (junk[2] & 0xFF);
                assertThat(ModbusRtuCodec.crc16(junk, 0, frameLength)).as("a taken frame has a good CRC").isZero();
                ok++;
            }
        }
        assertThat(ok).as("random frames rarely pass a CRC").isLessThan(20);
    }

    @Test
    void mutatedRealRepliesAreNeverTaken() {
        byte[][][] pairs = {
            {REQUESTS[0], ModbusRtuCodecTest.frame("01 03 02 00 64")},
            {REQUESTS[1], ModbusRtuCodecTest.frame("11 03 06 02 2B 00 00 00 64")},
            {REQUESTS[2], ModbusRtuCodecTest.frame("11 04 02 00 0A")},
            {REQUESTS[4], REQUESTS[4].clone()},
            {REQUESTS[5], ModbusRtuCodecTest.frame("11 10 00 01 00 02")},
            {REQUESTS[1], ModbusRtuCodecTest.frame("11 83 02")},
        };
        for (byte[][] pair : pairs) { // the unmutated replies are taken: the test can see a rejection
            ModbusReply r = ModbusRtuCodec.parseReply(pair[0], pair[1], pair[1].length);
            assertThat(r.ok() || r instanceof ModbusReply.Refused).as("%s", r).isTrue();
        }
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[][] pair = pairs[random.nextInt(pairs.length)];
            byte[] reply = pair[1].clone();
            // a burst of up to 16 bits: one byte, or two neighbouring bytes, changed
            int at = random.nextInt(reply.length);
            reply[at] ^= (byte) (1 + random.nextInt(255));
            if (at + 1 < reply.length && random.nextBoolean()) {
                reply[at + 1] ^= (byte) random.nextInt(256);
            }
            ModbusReply r = ModbusRtuCodec.parseReply(pair[0], reply, reply.length);
            assertThat(r.ok() || r instanceof ModbusReply.Refused)
                    .as("mutation at %d of %s gave %s", at, ModbusRtuCodec.hex(reply, 0, reply.length), r)
                    .isFalse();
        }
    }
}
