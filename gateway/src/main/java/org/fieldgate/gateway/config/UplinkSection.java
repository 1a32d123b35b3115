package org.fieldgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code uplink:} how the gateway reaches the monitoring network. */
public record UplinkSection(Mqtt mqtt) {

    public UplinkSection {
        java.util.Objects.requireNonNull(mqtt, "mqtt");
    }

    /** No servers (the local broker, if enabled) and every default of {@link Mqtt}. */
    public static UplinkSection defaults() {
        return new UplinkSection(new Mqtt(List.of(), null, null, null, null, null, null, null, 0));
    }

    /**
     * {@code uplink.mqtt:}
     *
     * @param servers      broker URIs ({@code tcp://host:port}, {@code ssl://host:port}) tried in
     *                     order; empty means the embedded local broker (which must then be enabled)
     * @param topicRoot    first topic level, default {@code ews}
     * @param tls          CA / client certificate files, or null
     * @param username     MQTT user name, or null
     * @param passwordFile file whose first line is the password, or null
     * @param clientId     MQTT client id, default {@code fieldgate-<gateway id>}
     * @param keepAlive    MQTT keep-alive, default 30 s
     * @param health       interval of {@code R/G/health}, default 1 min
     * @param maxInflight  publish window (unacknowledged QoS 1 messages), default 256
     * @param maxMessageSize the largest PUBLISH packet (bytes) the broker accepts, default
     *                     {@link #MQTT_MAX_PACKET} (MQTT's own limit); a bigger message is
     *                     dead-lettered at once instead of being offered to a broker that refuses it
     */
    public record Mqtt(List<String> servers, String topicRoot, Tls tls, String username, Path passwordFile,
                       String clientId, Duration keepAlive, Duration health, int maxInflight, long maxMessageSize) {

        /** The largest packet MQTT can express: 256 MB (remaining length 268,435,455 + 5 header bytes). */
        public static final long MQTT_MAX_PACKET = 268_435_460L;
        /** {@code topic_root} when the config gives none. */
        public static final String DEFAULT_TOPIC_ROOT = "ews";
        /** {@code keep_alive} when the config gives none. */
        public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
        /** {@code health} (interval of {@code R/G/health}) when the config gives none. */
        public static final Duration DEFAULT_HEALTH = Duration.ofMinutes(1);
        /** {@code max_inflight} when the config gives none. */
        public static final int DEFAULT_MAX_INFLIGHT = 256;

        /** Fills what the config left out with the defaults above; a record built in code gets them too. */
        public Mqtt {
            servers = List.copyOf(servers);
            topicRoot = topicRoot == null || topicRoot.isBlank() ? DEFAULT_TOPIC_ROOT : topicRoot;
            keepAlive = keepAlive == null ? DEFAULT_KEEP_ALIVE : keepAlive;
            health = health == null ? DEFAULT_HEALTH : health;
            maxInflight = maxInflight > 0 ? maxInflight : DEFAULT_MAX_INFLIGHT;
            if (maxMessageSize <= 0) {
                maxMessageSize = MQTT_MAX_PACKET;
            }
        }

        /** {@code client_id} when the config gives none. */
        /** The password: the first line of {@code password_file}, trimmed; null when none is set. Never logged. */
        public char[] readPassword() throws java.io.IOException {
            if (passwordFile == null) {
                return null;
            }
            String text = java.nio.file.Files.readString(passwordFile, java.nio.charset.StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl >= 0 ? text.substring(0, nl) : text).strip().toCharArray();
        }

        public static String defaultClientId(String gatewayId) {
            return "fieldgate-" + gatewayId;
        }

        /** The client id the gateway connects with. */
        public String clientIdFor(String gatewayId) {
            return clientId != null ? clientId : defaultClientId(gatewayId);
        }

        /** Without a known broker limit (MQTT's own). */
        public Mqtt(List<String> servers, String topicRoot, Tls tls, String username, Path passwordFile,
                    String clientId, Duration keepAlive, Duration health, int maxInflight) {
            this(servers, topicRoot, tls, username, passwordFile, clientId, keepAlive, health, maxInflight,
                    MQTT_MAX_PACKET);
        }
    }

    /** {@code uplink.mqtt.tls:} PEM files; each must exist. */
    public record Tls(Path ca, Path cert, Path key) {
    }
}
