package org.fieldgate.gateway.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.ReaderThread;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;

/**
 * Test-only driver {@code test-crash} (no keys of its own, channel {@code v}): reads 7 every
 * {@code every} on its own thread {@code driver-<id>}, and lets a test kill threads through it:
 * {@link #killReader} ends the reading thread with an {@link Error}; {@link #killCallerNamed} makes
 * the next {@code counters()} call made on a thread of that name throw one (the uplink and the
 * status report read counters).
 */
public final class TestCrashDriverFactory implements DriverFactory<TestCrashDriverFactory.Config> {

    public record Config() {
    }

    private static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> KILL_READER = new ConcurrentHashMap<>();
    private static final Map<String, Error> KILL_CALLER = new ConcurrentHashMap<>();

    /** How many drivers were created for {@code sensorId}. */
    static int created(String sensorId) {
        return CREATED.computeIfAbsent(sensorId, k -> new AtomicInteger()).get();
    }

    static void killReader(String sensorId) {
        KILL_READER.put(sensorId, true);
    }

    static void killCallerNamed(String threadName, Error error) {
        KILL_CALLER.put(threadName, error);
    }

    @Override
    public String id() {
        return "test-crash";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<ChannelSpec> channels(Config config) {
        return List.of(ChannelSpec.scalar("v", "u", -1e9, 1e9));
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMillis(200);
    }

    @Override
    public Driver create(DriverContext context, Config config) {
        CREATED.computeIfAbsent(context.sensorId(), k -> new AtomicInteger()).incrementAndGet();
        return new Driver() {
            private volatile Thread thread;
            private volatile boolean running;
            private final AtomicInteger readings = new AtomicInteger();

            @Override
            public void start(ReadingSink sink) {
                running = true;
                thread = ReaderThread.start(context.sensorId(), () -> {
                    while (running) {
                        if (KILL_READER.remove(context.sensorId()) != null) {
                            throw new AssertionError("the reading thread of " + context.sensorId() + ", killed");
                        }
                        sink.readings(List.of(new Reading("v", context.clock().millis(), 7.0, Quality.OK)));
                        readings.incrementAndGet();
                        try {
                            Thread.sleep(context.every().toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }

            @Override
            public boolean alive() {
                Thread t = thread;
                return t == null || !running || t.isAlive();
            }

            @Override
            public SensorState state() {
                return running ? SensorState.OK : SensorState.STOPPED;
            }

            @Override
            public Map<String, Long> counters() {
                Error kill = KILL_CALLER.remove(Thread.currentThread().getName());
                if (kill != null) {
                    throw kill;
                }
                return Map.of("readings", (long) readings.get());
            }

            @Override
            public void close() {
                running = false;
                ReaderThread.stop(thread);
            }
        };
    }
}
