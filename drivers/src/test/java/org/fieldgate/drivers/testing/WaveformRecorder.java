package org.fieldgate.drivers.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/** Keeps every waveform packet and scalar reading a driver delivers, and the threads it used (thread-safe). */
public final class WaveformRecorder implements ReadingSink {

    private final List<WaveformPacket> packets = new CopyOnWriteArrayList<>();
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void readings(List<Reading> batch) {
        readings.addAll(batch);
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public void waveform(WaveformPacket packet) {
        packets.add(packet);
        threads.add(Thread.currentThread().getName());
    }

    public List<WaveformPacket> packets() {
        return List.copyOf(packets);
    }

    public List<Reading> readings() {
        return List.copyOf(readings);
    }

    /** Samples per axis delivered so far. */
    public int samples() {
        return packets.stream().mapToInt(WaveformPacket::length).sum();
    }

    /** Every sample of {@code axis} delivered so far, in delivery order. */
    public double[] axis(String axis) {
        List<WaveformPacket> all = packets();
        double[] out = new double[all.stream().mapToInt(WaveformPacket::length).sum()];
        int i = 0;
        for (WaveformPacket p : all) {
            double[] v = p.axes().get(axis);
            System.arraycopy(v, 0, out, i, v.length);
            i += v.length;
        }
        return out;
    }

    /** Names of the threads that delivered. */
    public List<String> threads() {
        return List.copyOf(threads);
    }
}
