package org.fieldgate.drivers.testing;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;

/**
 * A pi4j mock context (LIBRARY-NOTES A.2) and what a GPIO driver test needs around it: the
 * {@link Pi4jGpio} over it, the mock pin a driver opened, and a sink that keeps readings.
 * {@link #close()} shuts the context down (call it from {@code @AfterEach}).
 */
public final class MockGpio implements AutoCloseable {

    private final Context context = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();
    private final Pi4jGpio inputs = Pi4jGpio.over(context);

    public Context context() {
        return context;
    }

    public Pi4jGpio inputs() {
        return inputs;
    }

    /** The mock input a driver opened on {@code bcmPin}, waiting up to 5 s for it. */
    public MockDigitalInput pin(int bcmPin) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            for (Map.Entry<String, ? extends IO> e : context.registry().all().entrySet()) {
                if (e.getValue() instanceof MockDigitalInput in && in.address().intValue() == bcmPin) {
                    return in;
                }
            }
            pause(10);
        }
        throw new AssertionError("no input opened on BCM " + bcmPin);
    }

    /** The mock output opened on {@code bcmPin}, or null when none is open. */
    public MockDigitalOutput output(int bcmPin) {
        for (Map.Entry<String, ? extends IO> e : context.registry().all().entrySet()) {
            if (e.getValue() instanceof MockDigitalOutput out && out.address().intValue() == bcmPin) {
                return out;
            }
        }
        return null;
    }

    /** True while some input is open on {@code bcmPin}. */
    public boolean isOpen(int bcmPin) {
        return context.registry().all().values().stream()
                .anyMatch(io -> io instanceof MockDigitalInput in && in.address().intValue() == bcmPin);
    }

    /**
     * Drives the mock pin through {@code levels} (true = high), back to back, as a bouncing contact.
     * The mock fires listeners only when the level changes.
     */
    public static void levels(MockDigitalInput in, boolean... levels) {
        for (boolean high : levels) {
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    @Override
    public void close() {
        context.shutdown();
    }
    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A sink that keeps every scalar reading. */
    public static final class Readings implements ReadingSink {
        private final List<Reading> all = new CopyOnWriteArrayList<>();

        @Override
        public void readings(List<Reading> readings) {
            all.addAll(readings);
        }

        @Override
        public void waveform(WaveformPacket packet) {
            throw new AssertionError("no waveform expected");
        }

        /** Values of {@code channel} in arrival order. */
        public List<Double> values(String channel) {
            List<Double> v = new ArrayList<>();
            for (Reading r : all) {
                if (r.channel().equals(channel)) {
                    v.add(r.value());
                }
            }
            return v;
        }

        public List<Reading> all() {
            return List.copyOf(all);
        }
    }
}
