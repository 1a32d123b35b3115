package org.fieldgate.gateway.store;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A compact, exact form of a payload whose bulk is JSON arrays of decimals with at most 6 fraction
 * digits, as MessageEncoder writes waveform samples ({@code [0.000123,-1.5,0,…]}): each such array
 * becomes its numbers in micro-units, delta and zig-zag varint coded (one or two bytes a sample
 * instead of about eight characters); the text between arrays is kept as it is. Only numbers whose
 * text is exactly the canonical form of their micro-units are taken ({@code 0}, {@code -1.5}; not
 * {@code 1.50}, {@code -0}, {@code 1e3}), so {@link #decode} gives back the very same bytes.
 *
 * <p>Form: varint count of arrays; for each, varint length and bytes of the text before it, varint
 * count of numbers, the deltas; then varint length and bytes of the rest.
 */
final class NumberArrays {

    /** Shorter arrays are left as text: they save nothing. */
    private static final int MIN_NUMBERS = 4;
    /** Integer digits beyond this could overflow a long of micro-units. */
    private static final int MAX_INTEGER_DIGITS = 12;
    private static final int FRACTION_DIGITS = 6;
    private static final long MICRO = 1_000_000;

    private NumberArrays() {
    }

    /** The compact form, or null when the payload holds no array worth it. */
    static byte[] encode(byte[] json) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(json.length / 3 + 16);
        ByteArrayOutputStream arrays = new ByteArrayOutputStream(json.length / 3);
        int count = 0;
        int textFrom = 0;
        long[] numbers = new long[64];
        for (int i = 0; i < json.length; i++) {
            if (json[i] != '[') {
                continue;
            }
            int n = 0;
            int at = i + 1;
            boolean ok = false;
            while (at < json.length) {
                long end = parse(json, at);
                if (end < 0) {
                    break;
                }
                if (n == numbers.length) {
                    numbers = Arrays.copyOf(numbers, n * 2);
                }
                numbers[n++] = micros(json, at, (int) end);
                at = (int) end;
                if (at < json.length && json[at] == ',') {
                    at++;
                } else {
                    ok = at < json.length && json[at] == ']';
                    break;
                }
            }
            if (!ok || n < MIN_NUMBERS) {
                continue;
            }
            writeBytes(arrays, json, textFrom, i + 1 - textFrom); // the text up to and including '['
            VarInts.write(arrays, n);
            long previous = 0;
            for (int k = 0; k < n; k++) {
                VarInts.write(arrays, VarInts.zigZag(numbers[k] - previous));
                previous = numbers[k];
            }
            count++;
            textFrom = at; // from the ']'
            i = at;
        }
        if (count == 0) {
            return null;
        }
        VarInts.write(body, count);
        body.writeBytes(arrays.toByteArray());
        writeBytes(body, json, textFrom, json.length - textFrom);
        return body.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a compact form */
    static byte[] decode(ByteBuffer in, int expectedLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedLength);
        try {
            long count = VarInts.read(in);
            for (long a = 0; a < count; a++) {
                copy(in, out);
                long n = VarInts.read(in);
                if (n < 0 || n > in.remaining()) {
                    throw new IllegalArgumentException("damaged number array: " + n + " numbers");
                }
                long value = 0;
                for (long k = 0; k < n; k++) {
                    value += VarInts.unZigZag(VarInts.read(in));
                    if (k > 0) {
                        out.write(',');
                    }
                    byte[] text = format(value);
                    out.write(text, 0, text.length);
                }
            }
            copy(in, out);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("damaged number arrays", e);
        }
        return out.toByteArray();
    }

    /** The end of the canonical number starting at {@code from}, or -1. */
    private static long parse(byte[] b, int from) {
        int i = from;
        if (i < b.length && b[i] == '-') {
            i++;
        }
        int digitsFrom = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - digitsFrom;
        if (digits == 0 || digits > MAX_INTEGER_DIGITS || (digits > 1 && b[digitsFrom] == '0')) {
            return -1;
        }
        if (i < b.length && b[i] == '.') {
            int fractionFrom = ++i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            int fraction = i - fractionFrom;
            if (fraction == 0 || fraction > FRACTION_DIGITS || b[i - 1] == '0') {
                return -1;
            }
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            return -1;
        }
        boolean zero = digits == 1 && b[digitsFrom] == '0' && i == digitsFrom + 1;
        if (zero && b[from] == '-') {
            return -1; // "-0" is not what 0 formats as
        }
        return i;
    }

    private static long micros(byte[] b, int from, int end) {
        boolean negative = b[from] == '-';
        int i = negative ? from + 1 : from;
        long whole = 0;
        while (i < end && b[i] != '.') {
            whole = whole * 10 + (b[i++] - '0');
        }
        long fraction = 0;
        int places = 0;
        if (i < end) {
            i++;
            while (i < end) {
                fraction = fraction * 10 + (b[i++] - '0');
                places++;
            }
        }
        for (; places < FRACTION_DIGITS; places++) {
            fraction *= 10;
        }
        long m = whole * MICRO + fraction;
        return negative ? -m : m;
    }

    /** What MessageEncoder writes for a sample of {@code micros} micro-units. */
    private static byte[] format(long micros) {
        if (micros == 0) {
            return new byte[] {'0'};
        }
        StringBuilder sb = new StringBuilder(16);
        if (micros < 0) {
            sb.append('-');
        }
        long abs = Math.abs(micros);
        sb.append(abs / MICRO);
        long fraction = abs % MICRO;
        if (fraction != 0) {
            String digits = Long.toString(fraction);
            sb.append('.');
            sb.append("0".repeat(FRACTION_DIGITS - digits.length()));
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(digits, 0, end);
        }
        byte[] out = new byte[sb.length()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) sb.charAt(k);
        }
        return out;
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b, int from, int length) {
        VarInts.write(out, length);
        out.write(b, from, length);
    }

    private static void copy(ByteBuffer in, ByteArrayOutputStream out) {
        long length = VarInts.read(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("damaged number arrays: text of " + length + " bytes");
        }
        byte[] text = new byte[(int) length];
        in.get(text);
        out.write(text, 0, text.length);
    }
}
