package org.fieldgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.fieldgate.gateway.testing.RecordingPulse;
import org.junit.jupiter.api.Test;

/**
 * The flusher thread hit by an {@link Error} (on main only a RuntimeException was caught: the
 * schedule ended and nothing more was stored): it goes on at its next tick and tells its pulse.
 */
class PipelineFlusherSupervisionTest {

    @Test
    void anErrorInAFlushDoesNotEndTheFlusher() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        store.killNextWrite = new AssertionError("killed in the middle of a commit");
        RecordingPulse pulse = new RecordingPulse();
        try (Pipeline p = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of()), store, Duration.ofMillis(200), Clock.systemUTC(), () -> { }))) {
            p.forSensor("wl1").readings(List.of(new Reading("stage_m", System.currentTimeMillis(), 9.6, Quality.OK)));
            p.start(pulse);
            Await.until("a later tick to store the reading", () -> !store.rows().isEmpty());
            assertThat(pulse.failures).singleElement().isInstanceOf(AssertionError.class);
            assertThat(pulse.oks).hasPositiveValue();
            // what the supervisor needs to count the flusher running again: ticks go on after the failure
            int afterFailure = pulse.oks.get();
            Await.until("a tick after the failure", () -> pulse.oks.get() > afterFailure);
        }
    }
}
