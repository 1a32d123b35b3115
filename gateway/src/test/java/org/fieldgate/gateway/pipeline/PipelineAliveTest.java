package org.fieldgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.Test;

class PipelineAliveTest {

    @Test
    void aliveOnlyBetweenStartAndClose() {
        Pipeline p = new Pipeline(new Topics("ews", "gw"), new MessageEncoder("gw"), new RuleEngine(List.of()),
                new InMemoryOutboxStore(), Duration.ofSeconds(1), Clock.systemUTC(), () -> { });
        assertThat(p.alive()).as("not started").isFalse();
        p.start();
        assertThat(p.alive()).isTrue();
        p.close();
        assertThat(p.alive()).as("closed").isFalse();
    }
}
