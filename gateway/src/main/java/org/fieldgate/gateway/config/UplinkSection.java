package org.fieldgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code uplink:} how the gateway reaches the monitoring network, and who may command it. */
public record UplinkSection(Mqtt mqtt, Commands commands) {

    public UplinkSection {
        java.util.Objects.requireNonNull(mqtt, "mqtt");
        commands = commands == null ? Commands.OFF : commands;
    }

    /** Without remote commands. */
    public UplinkSection(Mqtt mqtt) {
        this(mqtt, Commands.OFF);
    }

    /** No servers (the local broker, if enabled) and every default of {@link Mqtt}. */
    public static UplinkSection defaults() {
        return new UplinkSection(new Mqtt(List.of(), null, null, null, null, null, null, null, 0));
    }

    /**
     * {@code uplink.commands:} signed commands on {@code R/G/cmd/#} (docs/commands.md). Off unless
     * {@code trust} names at least one key (or the lab-only {@code allow_unsigned} is set).
     *
     * @param trust         PEM files of the Ed25519 public keys whose signatures are accepted
     * @param allowUnsigned lab only: accept commands without a valid signature ({@code check} warns)
     * @param maxAge        how far a command's {@code t} may be from the gateway's clock (when the clock
     *                      is known good), default 5 min
     * @param probation     how long a remotely sent config must prove itself before it is kept,
     *                      default 2 min
     */
    public record Commands(List<Path> trust, boolean allowUnsigned, Duration maxAge, Duration probation) {

        public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
        public static final Duration DEFAULT_PROBATION = Duration.ofMinutes(2);
        public static final Commands OFF = new Commands(List.of(), false, null, null);

        public Commands {
            trust = List.copyOf(trust);
            maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
            probation = probation == null ? DEFAULT_PROBATION : probation;
        }

        /** True when the gateway listens for commands at all. */
        public boolean enabled() {
            return !trust.isEmpty() || allowUnsigned;
        }
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
