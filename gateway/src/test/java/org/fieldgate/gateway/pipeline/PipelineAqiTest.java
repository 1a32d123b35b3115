package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.testing.HandClock;
import org.fieldgate.gateway.aqi.AqiChannels;
import org.fieldgate.gateway.aqi.AqiTable;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.GatewaySection;
import org.fieldgate.gateway.config.PipelineSection;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.Test;

/** Derived AQI channels through the real pipeline: stored with the sensor's telemetry, seen by the rules. */
class PipelineAqiTest {

    private static final long H = 3_600_000L;
    private static final long T0 = 472_222L * H; // a whole UTC hour
    private static final RuleConfig AIR = new RuleConfig("air", "aq1", "vn_aqi",
            List.of(new Level("Kem", 100.0, null), new Level("Xau", 150.0, null)), 0, Duration.ZERO, List.of());

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final HandClock clock = new HandClock(T0);

    private Pipeline pipeline(List<AqiTable> aqi) {
        SensorConfig aq1 = new SensorConfig("aq1", "pms5003", Duration.ofMinutes(10), null, null,
                AqiChannels.withDerived(List.of(ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000),
                        ChannelSpec.scalar("pm10", "ug/m3", 0, 1000)), aqi), null, aqi);
        FieldgateConfig config = new FieldgateConfig(new GatewaySection("gw1", null), null, null, null, null,
                new PipelineSection(Duration.ofSeconds(10)), List.of(aq1), List.of(AIR), List.of());
        return new Pipeline(Pipeline.Parts.of(config, store, clock, ClockQuality.TRUSTED, () -> { }));
    }

    private List<JsonNode> telemetry(String channel) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (StoredMessage m : store.rows()) {
            if (m.topic().equals("ews/gw1/telemetry/aq1")) {
                for (JsonNode r : new ObjectMapper().readTree(m.payload()).get("readings")) {
                    if (r.get("ch").asText().equals(channel)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void thirteenHoursOfReadingsGiveHourlyIndicesAndARuleOnVnAqiRaises() throws Exception {
        try (Pipeline p = pipeline(List.of(AqiTable.VN, AqiTable.US))) {
            ReadingSink aq1 = p.forSensor("aq1");
            for (long t = T0; t < T0 + 13 * H; t += 10 * 60_000) {
                clock.millis = t + 1_000;
                // clean for 6 hours, then 120 µg/m³ (Xấu)
                double pm25 = t < T0 + 6 * H ? 20 : 120;
                aq1.readings(List.of(new Reading("pm2_5", t, pm25, Quality.OK),
                        new Reading("pm10", t, pm25 * 1.2, Quality.OK)));
            }
            p.flush();

            List<JsonNode> vn = telemetry("vn_aqi");
            // hours 0..11 are completed by a reading of the next hour; hour 0 alone has no NowCast
            assertThat(vn).hasSize(11);
            assertThat(vn.get(0).get("t").asLong()).isEqualTo(T0 + 2 * H);
            assertThat(vn.get(0).get("val").asDouble()).isEqualTo(40.0); // 20 µg/m³: 50/25*20
            assertThat(vn.get(10).get("t").asLong()).isEqualTo(T0 + 12 * H);
            assertThat(vn.get(10).get("val").asDouble()).isEqualTo(177.0);
            // NowCast 118.4 (six hours at 120 after six at 20, w = 0.5): 150 + 50/70*38.4 = 177.4
            assertThat(telemetry("us_aqi")).hasSize(11);
            assertThat(telemetry("pm2_5_nowcast")).hasSize(11);
            assertThat(telemetry("pm10_nowcast")).hasSize(11);
            assertThat(telemetry("us_aqi_2012")).isEmpty();
            assertThat(p.sensors().get("aq1").channels().get("vn_aqi").value()).isEqualTo(177.0);

            assertThat(store.rows()).extracting(StoredMessage::topic).contains("ews/gw1/alert/air", "ews/gw1/alarm/air");
            assertThat(p.alarms().get("air").toString()).contains("Xau");

            // the last hour completes when the periodic flush passes it (plus a grace minute)
            clock.millis = T0 + 13 * H + 61_000;
            p.flush();
            assertThat(telemetry("vn_aqi")).hasSize(12).last()
                    .satisfies(r -> assertThat(r.get("t").asLong()).isEqualTo(T0 + 13 * H));
        }
    }

    @Test
    void aSensorWithoutAqiGetsNoDerivedReadings() throws Exception {
        try (Pipeline p = pipeline(List.of())) {
            for (long t = T0; t < T0 + 4 * H; t += 30 * 60_000) {
                clock.millis = t;
                p.forSensor("aq1").readings(List.of(new Reading("pm2_5", t, 120, Quality.OK)));
            }
            clock.millis = T0 + 6 * H;
            p.flush();
            assertThat(telemetry("pm2_5")).hasSize(8);
            assertThat(telemetry("vn_aqi")).isEmpty();
            assertThat(new String(store.rows().get(0).payload(), UTF_8)).doesNotContain("nowcast");
        }
    }
}
