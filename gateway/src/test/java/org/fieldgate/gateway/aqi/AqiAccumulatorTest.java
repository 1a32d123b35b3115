package org.fieldgate.gateway.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.junit.jupiter.api.Test;

class AqiAccumulatorTest {

    private static final long H = AqiAccumulator.HOUR_MS;
    private static final long T0 = 480_000L * H; // a whole UTC hour

    private final AqiAccumulator acc = new AqiAccumulator(Set.of(Pollutant.PM2_5, Pollutant.PM10),
            List.of(AqiTable.VN, AqiTable.US));

    private static Reading pm25(long t, double v) {
        return new Reading("pm2_5", t, v, Quality.OK);
    }

    @Test
    void anHourIsPublishedWhenTheNextOneStartsStampedAtItsEnd() {
        assertThat(acc.accept(pm25(T0, 10))).isEmpty();
        assertThat(acc.accept(pm25(T0 + 30 * 60_000, 20))).isEmpty();
        assertThat(acc.accept(pm25(T0 + H, 30))).as("one hour: no NowCast yet").isEmpty();
        List<Reading> second = acc.accept(pm25(T0 + 2 * H, 30));
        // hours 15 (avg 15) and 30: w = 0.5, (30 + 0.5*15)/1.5 = 25.0
        assertThat(second).extracting(Reading::channel, Reading::time, Reading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pm2_5_nowcast", T0 + 2 * H, 25.0),
                org.assertj.core.groups.Tuple.tuple("vn_aqi", T0 + 2 * H, 50.0),
                org.assertj.core.groups.Tuple.tuple("us_aqi", T0 + 2 * H, 81.0)); // 51 + 49/26.3*15.9 = 80.6
        assertThat(second).allMatch(r -> r.quality() == Quality.OK);
    }

    @Test
    void theIndexIsTheWorstOfPm25AndPm10() {
        for (int h = 0; h < 3; h++) {
            acc.accept(pm25(T0 + h * H, 10));
            acc.accept(new Reading("pm10", T0 + h * H, 300, Quality.OK));
        }
        List<Reading> out = acc.accept(pm25(T0 + 3 * H, 10));
        assertThat(out).extracting(Reading::channel)
                .containsExactly("pm2_5_nowcast", "pm10_nowcast", "vn_aqi", "us_aqi");
        assertThat(value(out, "pm10_nowcast")).isEqualTo(300.0);
        assertThat(value(out, "vn_aqi")).isEqualTo(175.0); // PM10 300: 150 + 50/100*50
        assertThat(value(out, "us_aqi")).isEqualTo(173.0); // PM10 300: 151 + 49/99*45 = 173.27
    }

    @Test
    void suspectAndUnsyncedReadingsAreNotAveraged() {
        acc.accept(pm25(T0, 10));
        acc.accept(new Reading("pm2_5", T0 + 1, 900, Quality.SUSPECT));
        acc.accept(new Reading("pm2_5", T0 + 2, 900, Quality.UNSYNCED));
        acc.accept(pm25(T0 + H, 10));
        assertThat(value(acc.accept(pm25(T0 + 2 * H, 10)), "pm2_5_nowcast")).isEqualTo(10.0);
    }

    @Test
    void lateReadingsOfAPublishedHourAreIgnored() {
        acc.accept(pm25(T0, 10));
        acc.accept(pm25(T0 + H, 10));
        assertThat(acc.accept(pm25(T0 + 10, 900))).isEmpty();
        assertThat(value(acc.accept(pm25(T0 + 2 * H, 10)), "pm2_5_nowcast")).isEqualTo(10.0);
    }

    @Test
    void theClockClosesAnHourAfterAGraceMinute() {
        acc.accept(pm25(T0, 10));
        acc.accept(pm25(T0 + H, 20));
        assertThat(acc.closeDue(T0 + 2 * H + AqiAccumulator.GRACE_MS - 1)).isEmpty();
        List<Reading> out = acc.closeDue(T0 + 2 * H + AqiAccumulator.GRACE_MS);
        assertThat(out).extracting(Reading::time).containsOnly(T0 + 2 * H);
        assertThat(value(out, "pm2_5_nowcast")).isEqualTo(16.6); // (20 + 0.5*10)/1.5 = 16.67
        assertThat(acc.closeDue(T0 + 2 * H + AqiAccumulator.GRACE_MS)).isEmpty();
        // the next reading starts a new hour without publishing the closed one again
        assertThat(acc.accept(pm25(T0 + 2 * H + 90_000, 20))).isEmpty();
    }

    @Test
    void aGapPublishesWhatTheTwoOfThreeRuleAllows() {
        acc.accept(pm25(T0, 10));
        acc.accept(pm25(T0 + H, 20));
        // then silence until hour 6: hour 1 is published on its own, hour 2 (1 of 3 missing) still
        // has hours 1 and 0, hours 3.. have fewer than 2 of their 3 most recent hours
        List<Reading> out = new ArrayList<>(acc.accept(pm25(T0 + 6 * H, 20)));
        assertThat(out).filteredOn(r -> r.channel().equals("pm2_5_nowcast"))
                .extracting(Reading::time).containsExactly(T0 + 2 * H, T0 + 3 * H);
        assertThat(acc.accept(pm25(T0 + 7 * H, 20))).as("hour 6 alone").isEmpty();
    }

    @Test
    void aSensorWithoutPm10PublishesNoPm10NowCast() {
        AqiAccumulator only25 = new AqiAccumulator(Set.of(Pollutant.PM2_5), List.of(AqiTable.US_2012));
        only25.accept(new Reading("pm10", T0, 900, Quality.OK));
        only25.accept(pm25(T0, 44));
        only25.accept(pm25(T0 + H, 44));
        assertThat(only25.accept(pm25(T0 + 2 * H, 44))).extracting(Reading::channel, Reading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pm2_5_nowcast", 44.0),
                org.assertj.core.groups.Tuple.tuple("us_aqi_2012", 122.0));
    }

    @Test
    void derivedReadingsAreInsertedBeforeTheReadingThatCompletesTheirHour() {
        AqiChannels channels = AqiChannels.of(java.util.Map.of("aq1", List.of(AqiTable.VN)),
                java.util.Map.of("aq1", List.of(org.fieldgate.drivers.ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000))));
        Reading a = pm25(T0, 10);
        Reading b = pm25(T0 + H, 10);
        Reading c = pm25(T0 + 2 * H, 10);
        Reading other = new Reading("temp_c", T0 + 2 * H, 30, Quality.OK);
        List<Reading> first = List.of(a, b);
        assertThat(channels.withDerived("aq1", first)).isSameAs(first);
        assertThat(channels.withDerived("aq1", List.of(other, c))).extracting(Reading::channel)
                .containsExactly("temp_c", "pm2_5_nowcast", "vn_aqi", "pm2_5");
        assertThat(channels.withDerived("wl1", first)).isSameAs(first);
        assertThat(channels.due("wl1", Long.MAX_VALUE)).isEmpty();
    }

    private static double value(List<Reading> out, String channel) {
        return out.stream().filter(r -> r.channel().equals(channel)).findFirst().orElseThrow().value();
    }
}
