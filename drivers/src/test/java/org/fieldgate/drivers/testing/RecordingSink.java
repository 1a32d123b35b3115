package org.fieldgate.drivers.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/** Keeps every reading a driver delivers (thread-safe). */
public final class RecordingSink implements ReadingSink {

    private final List<Reading> readings = new CopyOnWriteArrayList<>();

    @Override
    public void readings(List<Reading> batch) {
        readings.addAll(batch);
    }

    @Override
    public void waveform(WaveformPacket packet) {
        throw new AssertionError("unexpected waveform");
    }

    public List<Reading> all() {
        return List.copyOf(readings);
    }

    /** Readings of one channel delivered after the first {@code from} readings. */
    public List<Reading> since(int from, String channel) {
        List<Reading> all = all();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(r -> r.channel().equals(channel)).toList();
    }

    public int size() {
        return readings.size();
    }
}
