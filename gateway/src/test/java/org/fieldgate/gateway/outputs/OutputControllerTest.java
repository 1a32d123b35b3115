package org.fieldgate.gateway.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.io.gpio.GpioOutput;
import org.fieldgate.drivers.io.gpio.GpioOutputs;
import org.fieldgate.drivers.io.gpio.GpioUnavailableException;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.MockGpio;
import org.fieldgate.gateway.config.OutputConfig;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.status.AckOutcome;
import org.fieldgate.gateway.status.OutputTester;
import org.fieldgate.gateway.testing.RecordingPulse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller on pi4j's mock provider with a test clock: every test steps the controller at
 * chosen instants and samples the mock pin, so patterns are checked exactly, without sleeping.
 */
class OutputControllerTest {

    private static final OutputConfig.Pattern BLINK_1S = new OutputConfig.Pattern(Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final OutputConfig.Pattern BLINK_250 = new OutputConfig.Pattern(Duration.ofMillis(250), Duration.ofMillis(250));
    private static final OutputConfig SIREN = new OutputConfig("siren", new OutputConfig.Gpio(17, true),
            Map.of(1, OutputConfig.Pattern.STEADY, 2, BLINK_1S, 3, BLINK_250), Duration.ofMinutes(10), false,
            new OutputConfig.Button(27, "up", false, Duration.ofMillis(50)));

    private final MockGpio mock = new MockGpio();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<String, AlarmSnapshot> alarms = new ConcurrentHashMap<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private OutputController controller;

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        mock.close();
    }

    private OutputController controller(List<OutputConfig> outputs, Map<String, List<String>> rulesOfOutput) {
        alarms.putIfAbsent("flood", quiet("flood"));
        alarms.putIfAbsent("rain", quiet("rain"));
        AlarmSource source = new AlarmSource(() -> Map.copyOf(alarms), (rule, by) -> {
            if (!alarms.get(rule).active()) {
                return false;
            }
            acks.add(rule + " by " + by);
            return true;
        });
        controller = new OutputController(outputs, rulesOfOutput, source, mock.inputs(), mock.inputs(), now::get);
        return controller;
    }

    private OutputController siren() {
        return controller(List.of(SIREN), Map.of("siren", List.of("flood")));
    }

    private static AlarmSnapshot quiet(String rule) {
        return new AlarmSnapshot(rule, null, 0, 0, null);
    }

    private void alarm(String rule, int severity) {
        alarms.put(rule, severity == 0 ? quiet(rule) : new AlarmSnapshot(rule, "BD" + severity, severity, 1L, null));
    }

    private boolean high(int pin) {
        return mock.output(pin).state() == DigitalState.HIGH;
    }

    /** Steps the controller every {@code every} for {@code span} and returns the pin's level after each step. */
    private List<Boolean> sample(int pin, Duration span, Duration every) {
        List<Boolean> levels = new ArrayList<>();
        for (long t = 0; t < span.toNanos(); t += every.toNanos()) {
            controller.step();
            levels.add(high(pin));
            now.addAndGet(every.toNanos());
        }
        return levels;
    }

    private static List<Boolean> blink(int onSamples, int offSamples, int total) {
        List<Boolean> levels = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            levels.add(i % (onSamples + offSamples) < onSamples);
        }
        return levels;
    }

    @Test
    void pinsStartAtTheirSafeStateBeforeAnyAlarmIsRead() {
        OutputConfig relay = new OutputConfig("relay", new OutputConfig.Gpio(23, false));
        OutputConfig lamp = new OutputConfig("lamp", new OutputConfig.Gpio(24, true), Map.of(), null, true, null);
        controller(List.of(SIREN, relay, lamp), Map.of());
        alarm("flood", 1);

        controller.open();

        assertThat(high(17)).as("siren: active high, safe off").isFalse();
        assertThat(high(23)).as("relay: active low, safe off = high").isTrue();
        assertThat(high(24)).as("lamp: safe on").isTrue();
    }

    @Test
    void eachSeverityGetsItsPattern() {
        siren().open();

        alarm("flood", 1);
        assertThat(sample(17, Duration.ofSeconds(3), Duration.ofMillis(100))).as("BD1 steady").containsOnly(true);

        alarm("flood", 2);
        assertThat(sample(17, Duration.ofSeconds(4), Duration.ofMillis(100))).as("BD2 blink 1s/1s")
                .isEqualTo(blink(10, 10, 40));

        alarm("flood", 3);
        assertThat(sample(17, Duration.ofSeconds(2), Duration.ofMillis(50))).as("BD3 blink 250ms/250ms")
                .isEqualTo(blink(5, 5, 40));

        alarm("flood", 0);
        assertThat(sample(17, Duration.ofSeconds(1), Duration.ofMillis(100))).as("cleared").containsOnly(false);
    }

    @Test
    void anActiveLowOutputIsDrivenLowWhenOn() {
        OutputConfig relay = new OutputConfig("relay", new OutputConfig.Gpio(23, false));
        controller(List.of(relay), Map.of("relay", List.of("flood"))).open();
        controller.step();
        assertThat(high(23)).isTrue();

        alarm("flood", 2);
        controller.step();

        assertThat(high(23)).as("on = low").isFalse();
    }

    @Test
    void theHighestSeverityAmongTheRulesOfAnOutputWins() {
        controller(List.of(SIREN), Map.of("siren", List.of("flood", "rain"))).open();
        alarm("flood", 1);
        alarm("rain", 3);

        assertThat(sample(17, Duration.ofSeconds(1), Duration.ofMillis(50))).isEqualTo(blink(5, 5, 20));

        alarm("rain", 0);
        assertThat(sample(17, Duration.ofSeconds(1), Duration.ofMillis(50))).containsOnly(true);
    }

    @Test
    void maxOnTurnsTheOutputOffUntilTheAlarmChangesLevel() {
        siren().open();
        alarm("flood", 1);
        controller.step();
        assertThat(high(17)).isTrue();

        now.addAndGet(Duration.ofMinutes(10).minusMillis(1).toNanos());
        controller.step();
        assertThat(high(17)).as("just before max_on").isTrue();

        now.addAndGet(Duration.ofMillis(1).toNanos());
        controller.step();
        assertThat(high(17)).as("at max_on").isFalse();
        now.addAndGet(Duration.ofHours(1).toNanos());
        controller.step();
        assertThat(high(17)).as("still off while the alarm stays at its level").isFalse();

        alarm("flood", 2);
        controller.step();
        assertThat(high(17)).as("escalated: on again (a blink starts on)").isTrue();

        alarm("flood", 0);
        controller.step();
        assertThat(high(17)).isFalse();
    }

    @Test
    void closeLeavesEveryPinAtItsSafeStateAndReleasesIt() {
        OutputConfig lamp = new OutputConfig("lamp", new OutputConfig.Gpio(24, true), Map.of(), null, true, null);
        controller(List.of(SIREN, lamp), Map.of("siren", List.of("flood"), "lamp", List.of("flood"))).open();
        var sirenPin = mock.output(17);
        var lampPin = mock.output(24);
        alarm("flood", 1);
        controller.step();
        assertThat(sirenPin.state()).isEqualTo(DigitalState.HIGH);

        controller.close();

        assertThat(sirenPin.state()).isEqualTo(DigitalState.LOW);
        assertThat(lampPin.state()).as("safe: on").isEqualTo(DigitalState.HIGH);
        assertThat(mock.output(17)).as("released").isNull();
        assertThat(mock.isOpen(27)).as("button released").isFalse();
        controller.step();
        assertThat(sirenPin.state()).as("a step after close changes nothing").isEqualTo(DigitalState.LOW);
    }

    @Test
    void theSilenceButtonAcknowledgesTheAlarmAndTheSirenStaysQuietUntilItEscalates() {
        siren().open();
        MockDigitalInput button = mock.pin(27);
        MockGpio.levels(button, true); // released (pulled up)
        alarm("flood", 1);
        controller.step();
        assertThat(high(17)).isTrue();

        // a bouncing press: low, high, low within 20 ms, then held
        MockGpio.levels(button, false);
        now.addAndGet(Duration.ofMillis(10).toNanos());
        MockGpio.levels(button, true);
        now.addAndGet(Duration.ofMillis(10).toNanos());
        MockGpio.levels(button, false);
        now.addAndGet(Duration.ofMillis(40).toNanos());
        controller.step();
        assertThat(acks).as("held 40 ms since the last bounce: not yet").isEmpty();
        assertThat(high(17)).isTrue();

        now.addAndGet(Duration.ofMillis(10).toNanos());
        controller.step();
        assertThat(acks).containsExactly("flood by button:siren");
        assertThat(controller.silenced()).containsEntry("flood", 1);
        assertThat(sample(17, Duration.ofSeconds(2), Duration.ofMillis(100))).as("silenced").containsOnly(false);

        MockGpio.levels(button, true);
        MockGpio.levels(button, false);
        now.addAndGet(Duration.ofMillis(100).toNanos());
        controller.step();
        assertThat(acks).as("a second press has nothing left to silence").hasSize(1);

        alarm("flood", 2);
        controller.step();
        assertThat(high(17)).as("escalated: sounds again").isTrue();
        assertThat(controller.silenced()).isEmpty();
    }

    @Test
    void aButtonHeldAtStartCountsOnlyAfterItIsReleasedAndPressedAgain() {
        OutputController.Button button = new OutputController.Button(SIREN.silenceButton());
        long ms = 1_000_000L;
        button.start(false, 0); // pull-up button: low = pressed (held, or stuck, at start)

        assertThat(button.pressedFor(1000 * ms)).isFalse();

        button.edge(true, 1001 * ms);
        button.edge(false, 1002 * ms);
        assertThat(button.pressedFor(1051 * ms)).as("49 ms").isFalse();
        assertThat(button.pressedFor(1052 * ms)).as("50 ms").isTrue();
        assertThat(button.pressedFor(2000 * ms)).as("once per press").isFalse();
    }

    @Test
    void aSilenceEndsWhenTheAlarmClearsAndADeescalationStaysQuiet() {
        siren().open();
        alarm("flood", 3);
        controller.step();

        assertThat(controller.acknowledge("flood", "local-api")).isEqualTo(AckOutcome.ACKNOWLEDGED);
        controller.step();
        assertThat(high(17)).isFalse();

        alarm("flood", 2);
        assertThat(sample(17, Duration.ofSeconds(2), Duration.ofMillis(100))).as("deescalated: still quiet").containsOnly(false);

        alarm("flood", 0);
        controller.step();
        assertThat(controller.silenced()).isEmpty();
        alarm("flood", 1);
        controller.step();
        assertThat(high(17)).as("a new alarm sounds").isTrue();
    }

    @Test
    void anAcknowledgedAlarmStillActiveSoundsAgainAfterResoundAndANewAckSilencesItAgain() {
        OutputConfig siren = new OutputConfig("siren", new OutputConfig.Gpio(17, true), Map.of(2, BLINK_1S), null,
                false, new OutputConfig.Button(27, "up", false, Duration.ofMillis(50)), Duration.ofMinutes(1));
        OutputConfig lamp = new OutputConfig("lamp", new OutputConfig.Gpio(24, true), Map.of(), null, false, null, null);
        controller(List.of(siren, lamp), Map.of("siren", List.of("flood"), "lamp", List.of("flood"))).open();
        MockDigitalInput button = mock.pin(27);
        MockGpio.levels(button, true);
        alarm("flood", 2);
        controller.step();
        assertThat(controller.acknowledge("flood", "local-api")).isEqualTo(AckOutcome.ACKNOWLEDGED);

        assertThat(sample(17, Duration.ofSeconds(59), Duration.ofMillis(500))).as("silent for resound").containsOnly(false);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(sample(17, Duration.ofSeconds(4), Duration.ofMillis(500))).as("still active after 1m: blinks again")
                .isEqualTo(blink(2, 2, 8));
        assertThat(high(24)).as("the lamp has resound off: stays quiet").isFalse();
        assertThat(controller.silenced()).as("still acknowledged").containsEntry("flood", 2);

        // the crew presses the siren's button again: a new acknowledgement, another minute of silence
        MockGpio.levels(button, false);
        now.addAndGet(Duration.ofMillis(60).toNanos());
        controller.step();
        assertThat(acks).containsExactly("flood by local-api", "flood by button:siren");
        assertThat(sample(17, Duration.ofSeconds(59), Duration.ofMillis(500))).containsOnly(false);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        controller.step();
        assertThat(high(17)).as("sounds again a minute after the second acknowledgement").isTrue();

        alarm("flood", 0);
        controller.step();
        assertThat(high(17)).isFalse();
        assertThat(controller.silenced()).isEmpty();
        assertThat(high(24)).isFalse();
    }

    @Test
    void withoutResoundAnAcknowledgedAlarmStaysQuietUntilItClears() {
        OutputConfig siren = new OutputConfig("siren", new OutputConfig.Gpio(17, true), Map.of(), null, false, null,
                null);
        controller(List.of(siren), Map.of("siren", List.of("flood"))).open();
        alarm("flood", 1);
        controller.step();
        controller.acknowledge("flood", "local-api");
        assertThat(sample(17, Duration.ofHours(3), Duration.ofMinutes(1))).containsOnly(false);
    }

    @Test
    void acknowledgingTellsUnknownRulesAndQuietRulesApart() {
        siren().open();
        assertThat(controller.acknowledge("nope", "local-api")).isEqualTo(AckOutcome.UNKNOWN_RULE);
        assertThat(controller.acknowledge("flood", "local-api")).isEqualTo(AckOutcome.NO_ACTIVE_ALARM);
        assertThat(acks).isEmpty();
    }

    @Test
    void anErrorInATickDoesNotEndTheScheduleASirenDependsOn() {
        // on main only a RuntimeException was caught: the schedule ended and the siren never sounded
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        RecordingPulse pulse = new RecordingPulse();
        alarms.put("flood", quiet("flood"));
        AlarmSource source = new AlarmSource(() -> {
            if (Thread.currentThread().getName().equals("outputs") && reads.incrementAndGet() == 1) {
                throw new AssertionError("the outputs thread, killed");
            }
            return Map.copyOf(alarms);
        }, (r, b) -> true);
        controller = new OutputController(List.of(SIREN), Map.of("siren", List.of("flood")), source, mock.inputs(),
                mock.inputs(), now::get);
        controller.start(pulse);
        Await.until("the failed tick", () -> !pulse.failures.isEmpty());
        alarm("flood", 1);
        Await.until("the siren sounds after the failed tick", () -> high(17));
        assertThat(pulse.failures).singleElement().isInstanceOf(AssertionError.class);
    }

    @Test
    void anAlarmActiveAtStartDrivesTheOutputAtOnce() {
        // what a restart with an alarm still active looks like: the pipeline restores it before outputs start
        alarm("flood", 2);
        siren().start();

        assertThat(high(17)).as("on right after start, without waiting for a tick").isTrue();
    }

    @Test
    void anOutputThatCannotBeOpenedIsRetriedWhileTheOthersWork() {
        int[] tries = {0};
        GpioOutputs flaky = new GpioOutputs() {
            @Override
            public GpioOutput openOutput(int bcmPin, boolean safeHigh) throws GpioUnavailableException {
                if (bcmPin == 23 && tries[0]++ == 0) {
                    throw new GpioUnavailableException("GPIO not available on this machine: test");
                }
                return mock.inputs().openOutput(bcmPin, safeHigh);
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        alarms.put("flood", new AlarmSnapshot("flood", "BD1", 1, 1L, null));
        AlarmSource source = new AlarmSource(() -> Map.copyOf(alarms), (r, b) -> true);
        OutputConfig relay = new OutputConfig("relay", new OutputConfig.Gpio(23, true));
        OutputConfig lamp = new OutputConfig("lamp", new OutputConfig.Gpio(24, true));
        controller = new OutputController(List.of(relay, lamp), Map.of("relay", List.of("flood"), "lamp", List.of("flood")),
                source, flaky, mock.inputs(), now::get);

        controller.open();
        controller.step();
        assertThat(high(24)).isTrue();
        assertThat(mock.output(23)).isNull();

        now.addAndGet(OutputController.REOPEN_EVERY.toNanos());
        controller.step();
        assertThat(high(23)).isTrue();
    }

    @Test
    void aTestSoundsTheOutputForItsLengthThenGivesItBackToTheAlarmsAndIsRecorded() {
        List<String> recorded = new CopyOnWriteArrayList<>();
        alarms.put("flood", quiet("flood"));
        AlarmSource source = new AlarmSource(() -> Map.copyOf(alarms), (rule, by) -> true,
                (output, action, seconds, by) -> recorded.add(output + " " + action + " " + seconds + " s by " + by));
        controller = new OutputController(List.of(SIREN), Map.of("siren", List.of("flood")), source, mock.inputs(),
                mock.inputs(), now::get);
        controller.open();
        controller.step();
        assertThat(high(17)).as("no alarm: off").isFalse();

        assertThat(controller.test("siren", "local-page")).isEqualTo(OutputTester.Outcome.STARTED);
        controller.step();

        assertThat(high(17)).as("testing").isTrue();
        assertThat(recorded).containsExactly("siren test 3 s by local-page");
        assertThat(controller.states()).singleElement().satisfies(s -> {
            assertThat(s.testing()).isTrue();
            assertThat(s.on()).isTrue();
            assertThat(s.ready()).isTrue();
            assertThat(s.rules()).containsExactly("flood");
        });
        List<Boolean> levels = sample(17, OutputTester.LENGTH.plusSeconds(1), Duration.ofMillis(500));
        assertThat(levels).as("on for the test's 3 s, then off: no alarm asks for it")
                .containsExactly(true, true, true, true, true, true, false, false);
        assertThat(controller.states().get(0).testing()).isFalse();
    }

    @Test
    void aTestNeverQuietsAnAlarmThatDrivesTheOutput() {
        siren();
        alarm("flood", 1); // steady
        controller.open();
        controller.step();
        assertThat(controller.test("siren", "local-page")).isEqualTo(OutputTester.Outcome.STARTED);

        assertThat(sample(17, OutputTester.LENGTH.plusSeconds(2), Duration.ofMillis(500))).doesNotContain(false);
    }

    @Test
    void aTestOfAnUnknownOrUnopenedOutputIsRefusedAndNotRecorded() {
        List<String> recorded = new CopyOnWriteArrayList<>();
        GpioOutputs none = new GpioOutputs() {
            @Override
            public GpioOutput openOutput(int bcmPin, boolean safeHigh) throws GpioUnavailableException {
                throw new GpioUnavailableException("GPIO not available on this machine: test");
            }

            @Override
            public String describe() {
                return "none";
            }
        };
        AlarmSource source = new AlarmSource(() -> Map.of(), (rule, by) -> true,
                (output, action, seconds, by) -> recorded.add(output));
        controller = new OutputController(List.of(new OutputConfig("relay", new OutputConfig.Gpio(23, true))),
                Map.of(), source, none, mock.inputs(), now::get);
        controller.open();

        assertThat(controller.test("horn", "local-page")).isEqualTo(OutputTester.Outcome.UNKNOWN_OUTPUT);
        assertThat(controller.test("relay", "local-page")).isEqualTo(OutputTester.Outcome.UNAVAILABLE);
        assertThat(recorded).isEmpty();
        assertThat(controller.states()).singleElement().satisfies(s -> {
            assertThat(s.ready()).isFalse();
            assertThat(s.error()).contains("GPIO not available");
        });
    }
}
