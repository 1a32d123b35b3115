package org.fieldgate.gateway.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check, through {@code fieldgate replay} itself: the US Embassy Hanoi 2019 PM2.5 series
 * (test resources, fixtures/hanoi-us-embassy) replayed through a config with {@code aqi: [us-2012, us]}
 * prints the station's own NowCast, and its pre-2024 AQI, for every hour the station reports one and
 * EPA's rules give one (the 16 hours where they do not are listed and explained in
 * {@code HanoiEmbassyTest}).
 */
class HanoiReplayTest {

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm a", Locale.US);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Hour(long start, double nowcast, int aqi) {
    }

    @Test
    void replayReproducesTheStationsNowCastAndAqi() throws Exception {
        List<Hour> station = new ArrayList<>();
        StringBuilder csv = new StringBuilder("t,sensor,ch,val\n");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(HanoiReplayTest.class.getResourceAsStream(
                "/fixtures/hanoi-us-embassy/Hanoi_PM2.5_2019_YTD.csv"), UTF_8))) {
            List<String> header = List.of(in.readLine().split(","));
            int date = header.indexOf("Date (LT)");
            int nowcast = header.indexOf("NowCast Conc.");
            int aqi = header.indexOf("AQI");
            int raw = header.indexOf("Raw Conc.");
            int qc = header.indexOf("QC Name");
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                long start = LocalDateTime.parse(f[date], LABEL).toInstant(HANOI).toEpochMilli();
                station.add(new Hour(start, Double.parseDouble(f[nowcast]), Integer.parseInt(f[aqi])));
                double value = Double.parseDouble(f[raw]);
                if (value >= 0 && !f[qc].equals("Missing") && !f[qc].equals("Invalid")) {
                    // the hourly average, as one reading in the middle of its hour
                    csv.append(start + 1_800_000).append(",aq1,pm2_5,").append(value).append('\n');
                }
            }
        }
        Path input = Files.writeString(dir.resolve("hanoi-2019.csv"), csv);
        Path config = Files.writeString(dir.resolve("kiosk.yaml"), """
                gateway: { id: hn-embassy }
                local_broker: { enabled: true }
                storage: { path: store.db }
                sensors:
                  - { id: aq1, driver: pms5003, serial: { port: /dev/null }, every: 1m, aqi: [us-2012, us] }
                """);

        List<String> lines = new ArrayList<>();
        new Replay(ConfigLoader.load(config, DriverRegistry.load()), lines::add).run(List.of(input), null, 0);

        Map<Long, Double> nowcast = new HashMap<>();
        Map<Long, Double> aqi2012 = new HashMap<>();
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            switch (n.path("ch").asText()) {
                case "pm2_5_nowcast" -> nowcast.put(n.path("t").asLong(), n.path("val").asDouble());
                case "us_aqi_2012" -> aqi2012.put(n.path("t").asLong(), n.path("val").asDouble());
                default -> { }
            }
        }
        int compared = 0;
        int stationOnly = 0;
        for (int i = 0; i < station.size() - 1; i++) { // the last hour never closes in a recording
            Hour h = station.get(i);
            if (h.nowcast() < 0) {
                continue;
            }
            Double ours = nowcast.get(h.start() + 3_600_000); // ours is stamped at the hour's end
            if (ours == null) {
                stationOnly++; // EPA's 2-of-3 rule gives no NowCast: the station repeats its last value
                continue;
            }
            assertThat(ours).as("NowCast of the hour starting %d", h.start()).isEqualTo(h.nowcast());
            assertThat(aqi2012.get(h.start() + 3_600_000)).as("AQI (2012 table)").isEqualTo((double) h.aqi());
            compared++;
        }
        assertThat(compared).isGreaterThan(1800);
        assertThat(stationOnly).as("hours the station carries forward (HanoiEmbassyTest lists them)").isEqualTo(16);
    }
}
