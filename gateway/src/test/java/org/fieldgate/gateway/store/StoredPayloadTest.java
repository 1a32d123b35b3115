package org.fieldgate.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.junit.jupiter.api.Test;

class StoredPayloadTest {

    /** A 100 Hz 3-axis second as the demo's seismometer sends it: noise of a few mm/s², a spike. */
    private static byte[] waveformSecond(long seed) {
        Random random = new Random(seed);
        Map<String, double[]> axes = new LinkedHashMap<>();
        for (String axis : List.of("x", "y", "z")) {
            double[] v = new double[100];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian() * 0.004 + (axis.equals("z") ? 9.80665 : 0);
            }
            v[50] = -1.25;
            axes.put(axis, v);
        }
        return new MessageEncoder("demo-gw").waveform(42, "seis1", new WaveformPacket(1_764_900_000_000L, 100.0, "m/s2", axes));
    }

    private static byte[] roundTrip(byte[] payload) {
        byte[] stored = StoredPayload.encode(payload);
        assertArrayEquals(payload, StoredPayload.decode(stored));
        return stored;
    }

    @Test
    void aWaveformSecondIsStoredAsNumberArraysSmallerThanDeflated() {
        byte[] json = waveformSecond(1);
        byte[] stored = roundTrip(json);
        assertEquals(1, stored[0], "the number-array form");
        byte[] deflatedOnly = oldDeflatedForm(json);
        assertTrue(stored.length < deflatedOnly.length * 0.85,
                stored.length + " B stored against " + deflatedOnly.length + " B deflated (" + json.length + " B JSON)");
    }

    @Test
    void manyWaveformSecondsComeBackByteForByte() {
        for (long seed = 0; seed < 200; seed++) {
            roundTrip(waveformSecond(seed));
        }
    }

    @Test
    void numbersNotInTheEncodersFormAreKeptAsTheyAre() {
        for (String odd : List.of("1.50", "-0", "01", "1e3", "1E3", "0.0000001", "1.", ".5", "-", "1234567890123",
                "null", "true", "\"7\"", " 1")) {
            String json = "{\"a\":[1,2,3," + odd + ",5,6],\"b\":[0,-0.5,2.000001,-123456.75,9.80665,0,0]," + "\"pad\":\""
                    + "x".repeat(150) + "\"}";
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            roundTrip(payload);
        }
    }

    @Test
    void arraysInsideStringsAndAtTheEdgesComeBackExactly() {
        for (String json : List.of("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]",
                "{\"s\":\"[1,2,3,4]\",\"t\":[[1,2,3,4,5],[6,7,8,9,10]],\"u\":[]," + "\"p\":\"" + "y".repeat(120) + "\"}",
                "[1,2,3,4" + ",5".repeat(100), "{\"n\":[999999999999.999999,-999999999999.999999,0,1,2,3]}" + " ".repeat(120))) {
            roundTrip(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void smallAndIncompressiblePayloadsAreStoredAsTheyAre() {
        byte[] small = "{\"v\":1,\"x\":[1,2,3,4,5]}".getBytes(StandardCharsets.UTF_8);
        assertSame(small, StoredPayload.encode(small));
        byte[] noise = new byte[600];
        new Random(3).nextBytes(noise);
        noise[0] = '{';
        assertSame(noise, StoredPayload.encode(noise));
    }

    @Test
    void payloadsStartingWithAMarkerByteAreAlwaysWrapped() {
        for (byte marker : new byte[] {0, 1}) {
            byte[] payload = {marker, 'a', 'b'};
            byte[] stored = roundTrip(payload);
            assertTrue(stored.length > payload.length);
        }
    }

    @Test
    void rowsWrittenBeforeTheNumberArrayFormAreStillRead() {
        byte[] json = waveformSecond(7);
        assertArrayEquals(json, StoredPayload.decode(json), "schema 2: stored raw");
        assertArrayEquals(json, StoredPayload.decode(oldDeflatedForm(json)), "deflated behind 0x00");
    }

    @Test
    void aDamagedBlobIsRefusedNotMisread() {
        byte[] stored = StoredPayload.encode(waveformSecond(9));
        byte[] cut = java.util.Arrays.copyOf(stored, stored.length / 2);
        assertThrows(IllegalArgumentException.class, () -> StoredPayload.decode(cut));
        byte[] wrongLength = stored.clone();
        ByteBuffer.wrap(wrongLength, 1, 4).putInt(ByteBuffer.wrap(stored, 1, 4).getInt() + 1);
        assertThrows(IllegalArgumentException.class, () -> StoredPayload.decode(wrongLength));
    }

    /** The form stores wrote before the number arrays: 0x00, length, raw DEFLATE. */
    private static byte[] oldDeflatedForm(byte[] payload) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(payload);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }
}
