package org.fieldgate.drivers.testing;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;

/** A thread-safe sink that keeps every delivery, plus a polling await for ITs (no timing asserts). */
public final class ReadingRecorder implements ReadingSink {
    private final List<List<Reading>> deliveries = new ArrayList<>();

    @Override
    public synchronized void readings(List<Reading> readings) {
        deliveries.add(List.copyOf(readings));
    }

    @Override
    public void waveform(WaveformPacket packet) {
        throw new AssertionError("unexpected waveform");
    }

    public synchronized List<List<Reading>> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized int size() {
        return deliveries.size();
    }

    public synchronized List<Reading> last() {
        return deliveries.isEmpty() ? List.of() : deliveries.get(deliveries.size() - 1);
    }
}
