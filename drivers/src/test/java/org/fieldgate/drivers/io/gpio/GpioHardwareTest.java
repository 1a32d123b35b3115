package org.fieldgate.drivers.io.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Needs a Raspberry Pi (64-bit OS) with the user in the {@code gpio} group; excluded by default.
 * Run on the Pi from the project root:
 *
 * <pre>
 * mvn -B -pl drivers -am test -DexcludedGroups=none -Dgroups=hardware \
 *     -Dtest=GpioHardwareTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfieldgate.hw.pin=17 -Dfieldgate.hw.edges=5
 * </pre>
 *
 * With {@code fieldgate.hw.edges=N} it waits up to 60 s for N edges: tip the rain gauge's bucket or
 * lift the float a few times.
 */
@Tag("hardware")
class GpioHardwareTest {

    private final int pin = Integer.getInteger("fieldgate.hw.pin", 17);
    private final int edges = Integer.getInteger("fieldgate.hw.edges", 0);

    @Test
    void theProductionGpioOpensARealPinAndSeesItsEdges() throws Exception {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        try (GpioInput in = Pi4jGpio.production().open(pin, Pull.UP, (high, t) -> seen.add(high))) {
            System.out.println("BCM " + pin + " reads " + (in.high() ? "high" : "low"));
            long end = System.nanoTime() + 60_000_000_000L;
            while (seen.size() < edges && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(seen.size()).as("edges on BCM %d", pin).isGreaterThanOrEqualTo(edges);
        }
    }
}
