package org.fieldgate.drivers.testing;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/** A thread-safe sink that keeps every waveform block a driver delivers (scalar readings fail the test). */
public final class WaveformRecorder implements ReadingSink {

    private final List<WaveformPacket> packets = new ArrayList<>();

    @Override
    public void readings(List<Reading> readings) {
        throw new AssertionError("unexpected scalar readings " + readings);
    }

    @Override
    public synchronized void waveform(WaveformPacket packet) {
        packets.add(packet);
    }

    public synchronized List<WaveformPacket> packets() {
        return List.copyOf(packets);
    }

    /** Samples per axis delivered so far. */
    public synchronized long samples() {
        return packets.stream().mapToLong(WaveformPacket::length).sum();
    }

    /** Every sample of {@code axis} delivered so far, in delivery order. */
    public synchronized double[] axis(String axis) {
        double[] all = new double[(int) samples()];
        int i = 0;
        for (WaveformPacket p : packets) {
            double[] v = p.axes().get(axis);
            System.arraycopy(v, 0, all, i, v.length);
            i += v.length;
        }
        return all;
    }
}
