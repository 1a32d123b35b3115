package org.fieldgate.gateway.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.StreamDecoder;
import org.fieldgate.drivers.io.transport.StreamLinkDriver;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Test-only stream driver {@code test-line}: the sensor sends ASCII lines {@code R1234\r}
 * (millimetres, as MaxBotix rangefinders do); channel {@code distance_m}, 0.3–5 m.
 * Keys: {@code serial:} or {@code tcp:}, and {@code calibration: { offset_m }} (added to the distance).
 */
public final class TestLineDriverFactory implements DriverFactory<TestLineDriverFactory.Config> {

    public record Calibration(@JsonProperty("offset_m") Double offsetM) {
        public Calibration {
            offsetM = offsetM == null ? 0.0 : offsetM;
        }
    }

    public record Config(@JsonProperty("serial") SerialSettings serial, @JsonProperty("tcp") TcpSettings tcp,
                         @JsonProperty("calibration") Calibration calibration) implements LinkConfig {
        public Config {
            calibration = calibration == null ? new Calibration(null) : calibration;
        }
    }

    @Override
    public String id() {
        return "test-line";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> validate(Config config) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(config));
        if (Math.abs(config.calibration().offsetM()) > 10) {
            problems.add("calibration.offset_m: must be within ±10 m, got " + config.calibration().offsetM());
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(Config config) {
        return List.of(ChannelSpec.scalar("distance_m", "m", 0.3, 5));
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Driver create(DriverContext context, Config config) {
        return new StreamLinkDriver<Integer>(context, channels(config), () -> ByteLinks.create(config, 9600),
                LineDecoder::new) {
            @Override
            protected List<Reading> readings(Integer mm, long time) {
                return List.of(new Reading("distance_m", time, mm / 1000.0 + config.calibration().offsetM(), Quality.OK));
            }
        };
    }

    /** {@code R} + 4 digits + CR; anything else is skipped. */
    static final class LineDecoder implements StreamDecoder<Integer> {
        private final StringBuilder frame = new StringBuilder();
        private int skipped;

        @Override
        public void feed(byte[] buf, int off, int len, FrameSink<Integer> sink) {
            for (int i = off; i < off + len; i++) {
                char c = (char) (buf[i] & 0xFF);
                if (frame.length() == 0) {
                    if (c == 'R') {
                        if (skipped > 0) {
                            sink.resync(skipped);
                            skipped = 0;
                        }
                        frame.append(c);
                    } else {
                        skipped++;
                    }
                } else if (frame.length() < 5 && c >= '0' && c <= '9') {
                    frame.append(c);
                } else if (frame.length() == 5 && c == '\r') {
                    sink.frame(Integer.parseInt(frame.substring(1)));
                    frame.setLength(0);
                } else {
                    skipped += frame.length() + 1;
                    frame.setLength(0);
                }
            }
        }
    }
}
