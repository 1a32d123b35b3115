package org.fieldgate.gateway.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.config.OutputConfig;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.status.AckOutcome;
import org.fieldgate.gateway.status.OutputTester;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller driven by a real pipeline: readings raise the alarm, the siren sounds, ack silences it. */
class PipelineOutputsTest {

    private static final RuleConfig FLOOD = new RuleConfig("flood", "wl1", "stage_m",
            List.of(new RuleConfig.Level("BD1", 9.5, null), new RuleConfig.Level("BD2", 10.5, null)), 0.05,
            Duration.ZERO, List.of("siren"));
    private static final long T0 = 1_725_955_200_000L;

    private final MockGpio mock = new MockGpio();
    private final AtomicLong now = new AtomicLong();
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final Pipeline pipeline = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"),
            new MessageEncoder("gw1"), new RuleEngine(List.of(FLOOD)), store,
            Duration.ofSeconds(10), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), () -> { }));
    private final OutputController controller = new OutputController(
            List.of(new OutputConfig("siren", new OutputConfig.Gpio(17, true))),
            OutputController.rulesOfOutput(List.of(FLOOD)), AlarmSource.of(pipeline), mock.inputs(), mock.inputs(),
            now::get);

    @AfterEach
    void tearDown() {
        controller.close();
        pipeline.close();
        mock.close();
    }

    private void stage(double metres) {
        pipeline.forSensor("wl1").readings(List.of(new Reading("stage_m", T0, metres, Quality.OK)));
    }

    private boolean sirenOn() {
        return mock.output(17).state() == DigitalState.HIGH;
    }

    @Test
    void theSirenFollowsThePipelinesAlarmAndAnAckSilencesIt() {
        controller.open();
        stage(9.0);
        controller.step();
        assertThat(sirenOn()).isFalse();

        stage(9.7);
        controller.step();
        assertThat(sirenOn()).isTrue();

        assertThat(controller.acknowledge("flood", "local-api")).isEqualTo(AckOutcome.ACKNOWLEDGED);
        controller.step();
        assertThat(sirenOn()).isFalse();

        stage(10.8);
        controller.step();
        assertThat(sirenOn()).as("escalated to BD2").isTrue();

        stage(9.0);
        controller.step();
        assertThat(sirenOn()).isFalse();
        assertThat(controller.acknowledge("flood", "local-api")).isEqualTo(AckOutcome.NO_ACTIVE_ALARM);
        assertThat(controller.acknowledge("nope", "local-api")).isEqualTo(AckOutcome.UNKNOWN_RULE);
        assertThat(Map.copyOf(controller.silenced())).isEmpty();
        // raised at BD1, raised again at BD2, cleared; the acknowledgement is no alert event
        assertThat(pipeline.alertCounts()).containsOnlyKeys("flood");
        assertThat(pipeline.alertCounts().get("flood")).containsEntry("cleared", 1L)
                .doesNotContainKey("acknowledged");
    }

    @Test
    void aSirenTestIsPublishedOnTheAlertLaneWithWhoAndHowLong() throws Exception {
        controller.open();
        controller.step();

        assertThat(controller.test("siren", "local-page")).isEqualTo(OutputTester.Outcome.STARTED);
        controller.step();
        assertThat(sirenOn()).isTrue();

        List<StoredMessage> alerts = store.page(Lane.ALERT, 0, 10);
        assertThat(alerts).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo("ews/gw1/action/siren");
            assertThat(m.retained()).isFalse();
            JsonNode j = new ObjectMapper().readTree(m.payload());
            assertThat(j.path("gw").asText()).isEqualTo("gw1");
            assertThat(j.path("seq").asLong()).isEqualTo(m.seq());
            assertThat(j.path("output").asText()).isEqualTo("siren");
            assertThat(j.path("action").asText()).isEqualTo("test");
            assertThat(j.path("seconds").asInt()).isEqualTo(3);
            assertThat(j.path("by").asText()).isEqualTo("local-page");
            assertThat(j.path("t").asLong()).isEqualTo(T0);
        });
    }
}
