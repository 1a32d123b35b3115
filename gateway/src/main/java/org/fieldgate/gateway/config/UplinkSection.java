package org.fieldgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code uplink:} how the gateway reaches the monitoring network. */
public record UplinkSection(Mqtt mqtt) {

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

        public Mqtt {
            servers = List.copyOf(servers);
            if (maxMessageSize <= 0) {
                maxMessageSize = MQTT_MAX_PACKET;
            }
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
