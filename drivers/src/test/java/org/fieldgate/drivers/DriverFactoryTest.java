package org.fieldgate.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation happens once, in {@link DriverFactory#createValid}: a factory's create sees valid configs only. */
class DriverFactoryTest {

    private record Config(int level) {
    }

    /** Accepts levels 0..9 and records every config its create is handed. */
    private static final class Recording implements DriverFactory<Config> {
        final List<Config> created = new ArrayList<>();

        @Override
        public String id() {
            return "toy";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public List<String> validate(Config config) {
            List<String> problems = new ArrayList<>();
            if (config.level() < 0) {
                problems.add("level: must be >= 0, got " + config.level());
            }
            if (config.level() > 9) {
                problems.add("level: must be <= 9, got " + config.level());
            }
            return problems;
        }

        @Override
        public List<ChannelSpec> channels(Config config) {
            return List.of();
        }

        @Override
        public Driver create(DriverContext context, Config config) {
            created.add(config);
            return null;
        }
    }

    private static final DriverContext CONTEXT =
            new DriverContext("t1", Duration.ofSeconds(10), Clock.systemUTC(), Path.of("."));

    @Test
    void anInvalidConfigNeverReachesCreateAndTheErrorNamesTheDriverAndEveryProblem() {
        Recording factory = new Recording();

        assertThatThrownBy(() -> factory.createValid(CONTEXT, new Config(12)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("toy: level: must be <= 9, got 12");
        assertThat(factory.created).isEmpty();
    }

    @Test
    void aValidConfigIsCreated() {
        Recording factory = new Recording();

        factory.createValid(CONTEXT, new Config(3));

        assertThat(factory.created).containsExactly(new Config(3));
    }
}
