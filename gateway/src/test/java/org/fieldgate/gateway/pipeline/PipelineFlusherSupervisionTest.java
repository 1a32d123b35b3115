package org.fieldgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.supervision.Pulse;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
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
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger oks = new AtomicInteger();
        try (Pipeline p = new Pipeline(new Topics("ews", "gw1"), new MessageEncoder("gw1"), new RuleEngine(List.of()),
                store, Duration.ofMillis(200), Clock.systemUTC(), () -> { })) {
            p.forSensor("wl1").readings(List.of(new Reading("stage_m", System.currentTimeMillis(), 9.6, Quality.OK)));
            p.start(new Pulse() {
                @Override
                public void ok() {
                    oks.incrementAndGet();
                }

                @Override
                public void failed(Throwable cause) {
                    failures.add(cause);
                }
            });
            Await.until("a later tick to store the reading", () -> !store.rows().isEmpty());
            assertThat(failures).singleElement().isInstanceOf(AssertionError.class);
            assertThat(oks).hasPositiveValue();
            assertThat(p.alive()).isTrue();
        }
    }
}
