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
     */
    public record Mqtt(List<String> servers, String topicRoot, Tls tls, String username, Path passwordFile,
                       String clientId, Duration keepAlive, Duration health, int maxInflight) {
        public Mqtt {
            servers = List.copyOf(servers);
        }
    }

    /** {@code uplink.mqtt.tls:} PEM files; each must exist. */
    public record Tls(Path ca, Path cert, Path key) {
    }
}
