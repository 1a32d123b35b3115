package org.fieldgate.gateway.store;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/** LEB128 varints with zig-zag for signed values: small deltas take one or two bytes. */
public final class VarInts {

    private VarInts() {
    }

    public static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    public static void write(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** @throws IllegalArgumentException when the bytes end inside a varint or it runs past 64 bits */
    public static long read(ByteBuffer in) {
        long v = 0;
        try {
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.get() & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("varint cut short", e);
        }
        throw new IllegalArgumentException("varint too long");
    }
}
