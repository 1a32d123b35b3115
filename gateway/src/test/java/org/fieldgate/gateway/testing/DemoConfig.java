package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.fieldgate.gateway.config.ConfigFiles;

/**
 * {@code config/demo.yaml} as shipped (its sensors, rules and pipeline), pointed at a test's own
 * broker: the embedded broker off, {@code uplink.mqtt.servers} the given url, the store
 * {@code store.db} beside the written config (as {@link GatewayProcess#prepare} expects) and the status
 * API on a free port. Benchmarks and tests that say "the demo site" run this.
 */
public final class DemoConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode config;

    private DemoConfig(ObjectNode config) {
        this.config = config;
    }

    /** The shipped demo, found above the working directory. */
    public static DemoConfig shipped() {
        try {
            return new DemoConfig((ObjectNode) YAML.readTree(ConfigFiles.repoConfigDir().resolve("demo.yaml").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code gateway.id}. */
    public String gatewayId() {
        return config.path("gateway").path("id").asText();
    }

    /** Every sensor that reads at an interval ({@code every}) reads at {@code every} instead. */
    public DemoConfig everySensorEvery(Duration every) {
        config.path("sensors").forEach(s -> {
            if (s.has("every")) {
                ((ObjectNode) s).put("every", every.toMillis() + "ms");
            }
        });
        return this;
    }

    /** The YAML of the demo against {@code brokerUrl}. */
    public String yaml(String brokerUrl) {
        ObjectNode c = config.deepCopy();
        ((ObjectNode) c.path("uplink").path("mqtt")).putArray("servers").add(brokerUrl);
        ((ObjectNode) c.path("local_broker")).put("enabled", false);
        ((ObjectNode) c.path("storage")).put("path", "store.db");
        c.putObject("status").putObject("http").put("bind", "127.0.0.1:0");
        try {
            return YAML.writeValueAsString(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
