package org.fieldgate.gateway.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.rules.AlertEvent;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

    private final MessageEncoder encoder = new MessageEncoder("hn-longbien-01");

    private static String text(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void scalarBatch() {
        byte[] json = encoder.telemetry(42, "wl1", List.of(
                new Reading("stage_m", 1_700_000_000_000L, 9.61, Quality.OK),
                new Reading("distance_m", 1_700_000_000_000L, 4.59, Quality.OK),
                new Reading("stage_m", 1_700_000_010_000L, 25.0, Quality.SUSPECT),
                new Reading("stage_m", 1_700_000_020_000L, 9.6, Quality.UNSYNCED)));
        assertThat(text(json)).isEqualTo("{\"v\":1,\"gw\":\"hn-longbien-01\",\"seq\":42,\"sensor\":\"wl1\",\"readings\":["
                + "{\"t\":1700000000000,\"ch\":\"stage_m\",\"val\":9.61,\"q\":\"ok\"},"
                + "{\"t\":1700000000000,\"ch\":\"distance_m\",\"val\":4.59,\"q\":\"ok\"},"
                + "{\"t\":1700000010000,\"ch\":\"stage_m\",\"val\":25.0,\"q\":\"suspect\"},"
                + "{\"t\":1700000020000,\"ch\":\"stage_m\",\"val\":9.6,\"q\":\"unsynced\"}]}");
    }

    @Test
    void nonFiniteValuesBecomeNull() {
        byte[] json = encoder.telemetry(1, "aq1", List.of(new Reading("pm2_5", 5, Double.NaN, Quality.SUSPECT)));
        assertThat(text(json)).isEqualTo("{\"v\":1,\"gw\":\"hn-longbien-01\",\"seq\":1,\"sensor\":\"aq1\",\"readings\":["
                + "{\"t\":5,\"ch\":\"pm2_5\",\"val\":null,\"q\":\"suspect\"}]}");
    }

    @Test
    void waveformBatchRoundsSamplesToAMillionthOfTheUnit() {
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("x", new double[] {0.0, 0.0123456789, -1.5});
        axes.put("y", new double[] {1e-7, -0.0000005001, 12.25});
        axes.put("z", new double[] {9.80665, -0.000001, Double.NaN});
        byte[] json = encoder.waveform(7, "seis1", new WaveformPacket(1_700_000_000_000L, 100.0, "m/s2", axes));
        assertThat(text(json)).isEqualTo("{\"v\":1,\"gw\":\"hn-longbien-01\",\"seq\":7,\"sensor\":\"seis1\","
                + "\"t0\":1700000000000,\"sr\":100.0,\"unit\":\"m/s2\",\"ch\":{"
                + "\"x\":[0,0.012346,-1.5],\"y\":[0,-0.000001,12.25],\"z\":[9.80665,-0.000001,null]}}");
    }

    @Test
    void birthAndWillOnTheStateTopic() {
        assertThat(text(encoder.online("0.3.0", 1_700_000_000_000L))).isEqualTo(
                "{\"v\":1,\"gw\":\"hn-longbien-01\",\"online\":true,\"version\":\"0.3.0\",\"started\":1700000000000}");
        assertThat(text(encoder.offline())).isEqualTo("{\"v\":1,\"gw\":\"hn-longbien-01\",\"online\":false}");
    }

    @Test
    void aStoredAlertReadsBackAsTheEventItDescribes() {
        AlertEvent raised = new AlertEvent("flood", "raised", "BD2", 2, "wl1", "stage_m", 10.62, 10.5, 1_700_000_000_123L);
        AlertEvent known = new AlertEvent("flood", "raised", "BD2", 2, null, null, 0, 0, 99);
        assertThat(AlertPayloadReader.read(encoder.alert(7, raised), known)).isEqualTo(raised);
        AlertEvent ack = AlertPayloadReader.read(encoder.acknowledged(8, "flood", "BD2", 2, null, "crew", 500), known);
        assertThat(ack).isEqualTo(new AlertEvent("flood", "acknowledged", "BD2", 2, null, null, 0, 0, 500));
        assertThat(AlertPayloadReader.read("not json".getBytes(UTF_8), known)).isSameAs(known);
        assertThat(AlertPayloadReader.read(new byte[0], known)).isSameAs(known);
        assertThat(AlertPayloadReader.read(null, known)).isSameAs(known);
    }

    @Test
    void sampleFormatting() {
        assertThat(MessageEncoder.sample(0.0000004)).isEqualTo("0");
        assertThat(MessageEncoder.sample(-0.0000004)).isEqualTo("0");
        assertThat(MessageEncoder.sample(0.00001)).isEqualTo("0.00001");
        assertThat(MessageEncoder.sample(123.000001)).isEqualTo("123.000001");
        assertThat(MessageEncoder.sample(-2.0)).isEqualTo("-2");
        assertThat(MessageEncoder.sample(0.1 + 0.2)).isEqualTo("0.3");
    }

    @Test
    void alert() {
        AlertEvent e = new AlertEvent("flood", "raised", "BD2", 2, "wl1", "stage_m", 10.62, 10.5, 1_700_000_060_000L);
        assertThat(text(encoder.alert(99, e))).isEqualTo("{\"v\":1,\"gw\":\"hn-longbien-01\",\"seq\":99,\"rule\":\"flood\","
                + "\"state\":\"raised\",\"level\":\"BD2\",\"severity\":2,\"sensor\":\"wl1\",\"ch\":\"stage_m\","
                + "\"value\":10.62,\"threshold\":10.5,\"t\":1700000060000}");
    }

    @Test
    void stringsAreEscapedAndUtf8() {
        MessageEncoder odd = new MessageEncoder("g");
        AlertEvent e = new AlertEvent("r", "cleared", "Rất \"xấu\"", 0, "aq1", "vn_aqi", 99.0, 100.0, 1);
        assertThat(text(odd.alert(1, e))).contains("\"level\":\"Rất \\\"xấu\\\"\"");
    }
}
