package org.fieldgate.gateway.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;

/**
 * The bytes of the pipeline's staged fragments (see {@link org.fieldgate.gateway.store.StagedFragment}):
 * readings of an open batch, a stretch of waveform samples, or the partial miniSEED records of a
 * stream. Compact, because one is written every second: waveform samples are kept as the micro-units
 * the JSON payload carries anyway (MessageEncoder rounds to 1e-6), delta and varint coded; a stretch
 * with a sample that is not finite or too large keeps raw doubles. An event window of a sensor whose
 * one-second packets are stored anyway is staged as a {@link #windowReference reference} to them
 * instead of a second copy of its samples.
 */
final class StagedFragments {

    private static final int VERSION = 1;
    /** First byte of a window reference: no fragment of the other kinds starts with it. */
    private static final int REFERENCE = 0x52;
    private static final byte MICROS = 1;
    private static final byte DOUBLES = 2;
    /** Beyond this a sample does not fit the micro-unit coding (MessageEncoder.sample). */
    private static final double MAX_MICRO_VALUE = 1e12;

    private StagedFragments() {
    }

    /** A waveform stretch with the quality its message would carry. */
    record Samples(WaveformPacket packet, Quality quality) {
    }

    static byte[] readings(List<Reading> readings) {
        return write(out -> {
            out.writeInt(readings.size());
            for (Reading r : readings) {
                out.writeLong(r.time());
                out.writeUTF(r.channel());
                out.writeDouble(r.value());
                out.writeUTF(r.quality().name());
            }
        });
    }

    static List<Reading> readReadings(byte[] data) {
        return read(data, in -> {
            int n = in.readInt();
            List<Reading> out = new ArrayList<>(Math.min(n, 10_000));
            for (int i = 0; i < n; i++) {
                long t = in.readLong();
                String ch = in.readUTF();
                double v = in.readDouble();
                out.add(new Reading(ch, t, v, Quality.valueOf(in.readUTF())));
            }
            return out;
        });
    }

    static byte[] samples(WaveformPacket p, Quality q) {
        return write(out -> {
            out.writeLong(p.t0());
            out.writeDouble(p.sampleRate());
            out.writeUTF(p.unit());
            out.writeUTF(q.name());
            out.writeInt(p.length());
            out.writeByte(p.axes().size());
            boolean micros = true;
            for (double[] values : p.axes().values()) {
                for (double v : values) {
                    micros &= Double.isFinite(v) && Math.abs(v) < MAX_MICRO_VALUE;
                }
            }
            out.writeByte(micros ? MICROS : DOUBLES);
            for (Map.Entry<String, double[]> axis : p.axes().entrySet()) {
                out.writeUTF(axis.getKey());
                long previous = 0;
                for (double v : axis.getValue()) {
                    if (micros) {
                        long m = Math.round(v * 1e6);
                        writeVarLong(out, zigZag(m - previous));
                        previous = m;
                    } else {
                        out.writeDouble(v);
                    }
                }
            }
        });
    }

    static Samples readSamples(byte[] data) {
        return read(data, in -> {
            long t0 = in.readLong();
            double rate = in.readDouble();
            String unit = in.readUTF();
            Quality q = Quality.valueOf(in.readUTF());
            int n = in.readInt();
            int axes = in.readUnsignedByte();
            boolean micros = in.readByte() == MICROS;
            if (n < 0 || n > data.length * 8) {
                throw new IOException("sample count " + n);
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int a = 0; a < axes; a++) {
                String name = in.readUTF();
                double[] v = new double[n];
                long m = 0;
                for (int i = 0; i < n; i++) {
                    if (micros) {
                        m += unZigZag(readVarLong(in));
                        v[i] = m / 1e6;
                    } else {
                        v[i] = in.readDouble();
                    }
                }
                values.put(name, v);
            }
            return new Samples(new WaveformPacket(t0, rate, unit, values), q);
        });
    }

    /**
     * An event window that starts at {@code from} (ms), its samples being those of the sensor's
     * one-second packets from then on: committed messages, or the staged partial second.
     */
    static byte[] windowReference(long from) {
        return write(REFERENCE, out -> out.writeLong(from));
    }

    static boolean isWindowReference(byte[] data) {
        return data.length == 9 && (data[0] & 0xFF) == REFERENCE;
    }

    /** The start of a {@link #windowReference}. */
    static long readWindowReference(byte[] data) {
        if (!isWindowReference(data)) {
            throw new IllegalArgumentException("unreadable staged fragment: not a window reference");
        }
        return ByteBuffer.wrap(data, 1, 8).getLong();
    }

    /** Partial miniSEED records, each kept whole with its length. */
    static byte[] records(List<byte[]> records) {
        return write(out -> {
            out.writeInt(records.size());
            for (byte[] r : records) {
                out.writeInt(r.length);
                out.write(r);
            }
        });
    }

    static List<byte[]> readRecords(byte[] data) {
        return read(data, in -> {
            int n = in.readInt();
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > data.length) {
                    throw new IOException("record length " + len);
                }
                byte[] r = new byte[len];
                in.readFully(r);
                out.add(r);
            }
            return out;
        });
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint too long");
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        return write(VERSION, w);
    }

    /** {@code header} (the format's first byte), then what {@code w} writes. */
    private static byte[] write(int header, Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(header);
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a fragment in memory failed", e); // cannot happen
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a fragment of this kind */
    private static <T> T read(byte[] data, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("unknown fragment version " + version);
            }
            return r.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable staged fragment: " + e.getMessage(), e);
        }
    }
}
