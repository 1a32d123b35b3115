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
import org.fieldgate.gateway.supervision.Pulse;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.fieldgate.gateway.testing.RecordingPulse;
import org.junit.jupiter.api.Test;

/**
 * What the supervisor checks of the pipeline ({@code Supervisor#pulse}): its flusher ticks, and
 * reports each tick to its pulse, only between {@link Pipeline#start(Pulse)} and {@link Pipeline#close()}.
 */
class PipelineFlusherPulseTest {

    private static final Duration BATCH = Duration.ofMillis(50);

    @Test
    void theFlusherTicksAndPulsesOnlyBetweenStartAndClose() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        RecordingPulse pulse = new RecordingPulse();
        Pipeline p = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw"), new MessageEncoder("gw"),
                new RuleEngine(List.of()), store, BATCH, Clock.systemUTC(), () -> { }));
        p.forSensor("wl1").readings(List.of(new Reading("stage_m", System.currentTimeMillis(), 9.6, Quality.OK)));
        Thread.sleep(BATCH.toMillis() * 5);
        assertThat(store.rows()).as("not started: no flusher commits the batch").isEmpty();

        p.start(pulse);
        Await.until("the flusher to tick and commit the batch", () -> pulse.oks.get() > 0 && !store.rows().isEmpty());

        p.close();
        int atClose = pulse.oks.get();
        p.start(pulse); // a closed pipeline does not start again
        Thread.sleep(BATCH.toMillis() * 5);
        assertThat(pulse.oks).as("closed: no more ticks").hasValue(atClose);
        assertThat(pulse.failures).isEmpty();
    }
}
