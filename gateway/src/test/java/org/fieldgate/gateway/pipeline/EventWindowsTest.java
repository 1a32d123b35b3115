package org.fieldgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.rules.AlertEvent;
import org.fieldgate.gateway.rules.seismic.Shaking;
import org.junit.jupiter.api.Test;

/** The waveform window around each event of a sensor's earthquake trigger, on 100 Hz blocks of 0.1 s. */
class EventWindowsTest {

    private static final long T0 = 1_000_000L;

    private final EventWindows windows = new EventWindows("seis1", Map.of("quake", new RuleCondition.StaLta(
            Duration.ofSeconds(1), Duration.ofSeconds(10), 3, 1.5, RuleCondition.StaLta.Method.CLASSIC, "vector", null,
            Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(3))));

    /** Block k: samples k*10 … k*10+9, each valued by its index, at T0 + index * 10 ms. */
    private static WaveformPacket block(int k) {
        double[] v = new double[10];
        for (int i = 0; i < 10; i++) {
            v[i] = k * 10 + i;
        }
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("z", v);
        return new WaveformPacket(T0 + k * 100L, 100, "m/s2", axes);
    }

    private static AlertEvent event(String state, long onset, long end) {
        return new AlertEvent("quake", state, "quake", state.equals("cleared") ? 0 : 1, "seis1", "vector", 4, 3,
                state.equals("cleared") ? end : onset, new Shaking(onset, 0.1, 0.01, 3.0, end, end == 0 ? null : "ended"));
    }

    /** Feeds blocks from..to-1; the events are keyed by the block before which they happen. */
    private List<EventWindows.Window> feed(int from, int to, Map<Integer, List<AlertEvent>> events) {
        List<EventWindows.Window> done = new ArrayList<>();
        for (int k = from; k < to; k++) {
            for (AlertEvent e : events.getOrDefault(k, List.of())) {
                windows.onAlert(e);
            }
            done.addAll(windows.add(block(k)));
        }
        return done;
    }

    @Test
    void aWindowRunsFromPreBeforeTheOnsetToPostAfterTheEnd() {
        List<EventWindows.Window> done = feed(0, 200, Map.of(
                100, List.of(event("raised", T0 + 10_000, 0)),
                120, List.of(event("cleared", T0 + 10_000, T0 + 12_000))));
        assertThat(done).singleElement().satisfies(w -> {
            assertThat(w.onset()).isEqualTo(T0 + 10_000);
            assertThat(w.end()).isEqualTo(T0 + 12_000);
            assertThat(w.truncated()).isFalse();
            assertThat(w.later()).isEmpty();
            assertThat(w.samples().t0()).isEqualTo(T0 + 8_000);               // pre 2 s
            double[] z = w.samples().axes().get("z");
            assertThat(z[0]).isEqualTo(800);                                  // sample 800 at 8 s
            assertThat(z[z.length - 1]).isGreaterThanOrEqualTo(1500);         // post 3 s after 12 s
            for (int i = 1; i < z.length; i++) {
                assertThat(z[i]).isEqualTo(z[i - 1] + 1);                     // contiguous, nothing twice
            }
        });
    }

    @Test
    void anEventDuringTheLastOnesPostTimeExtendsItsWindow() {
        List<EventWindows.Window> done = feed(0, 250, Map.of(
                100, List.of(event("raised", T0 + 10_000, 0)),
                120, List.of(event("cleared", T0 + 10_000, T0 + 12_000)),
                130, List.of(event("raised", T0 + 13_000, 0)),                // within post (until 15 s)
                150, List.of(event("cleared", T0 + 13_000, T0 + 15_000))));
        assertThat(done).singleElement().satisfies(w -> {
            assertThat(w.onset()).isEqualTo(T0 + 10_000);
            assertThat(w.later()).containsExactly(T0 + 13_000);
            assertThat(w.end()).isEqualTo(T0 + 15_000);
            double[] z = w.samples().axes().get("z");
            assertThat(z[0]).isEqualTo(800);
            assertThat(z[z.length - 1]).isGreaterThanOrEqualTo(1800);
        });
    }

    @Test
    void aBreakSendsWhatCameBeforeItAndRecordingGoesOnAfterIt() {
        windows.onAlert(event("raised", T0 + 10_000, 0));
        List<EventWindows.Window> done = new ArrayList<>(feed(80, 110, Map.of()));
        assertThat(done).isEmpty();
        // blocks 110 and 111 are lost on the way
        done.addAll(feed(112, 120, Map.of()));
        assertThat(done).singleElement().satisfies(w -> {
            assertThat(w.truncated()).isTrue();
            assertThat(w.samples().axes().get("z")).endsWith(1099.0);
        });
        windows.onAlert(event("cleared", T0 + 10_000, T0 + 11_900));
        done.addAll(feed(120, 200, Map.of()));
        assertThat(done).hasSize(2);
        EventWindows.Window rest = done.get(1);
        assertThat(rest.onset()).isEqualTo(T0 + 10_000);
        assertThat(rest.truncated()).isFalse();
        assertThat(rest.samples().t0()).isEqualTo(T0 + 11_200);
        assertThat(rest.samples().axes().get("z")[0]).isEqualTo(1120);
    }

    @Test
    void aStreamThatStopsEndsItsWindowWhenTimePasses() {
        windows.onAlert(event("raised", T0 + 10_000, 0));
        assertThat(feed(80, 110, Map.of())).isEmpty();
        long last = T0 + 10_990;
        assertThat(windows.due(last + 4_000)).isEmpty();
        assertThat(windows.due(last + 6_000)).singleElement().satisfies(w -> {
            assertThat(w.truncated()).isTrue();
            assertThat(w.end()).isZero();
            assertThat(w.samples().t0()).isEqualTo(T0 + 8_000);
        });
        assertThat(windows.flush()).isEmpty();
    }
}
