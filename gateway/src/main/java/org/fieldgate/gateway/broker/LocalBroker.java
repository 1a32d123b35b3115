package org.fieldgate.gateway.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.broker.auth.PasswordFile;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.LocalBrokerSection;
import org.fieldgate.gateway.uplink.MqttTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker for the site LAN and the demo: Moquette 0.17 on Netty (NIO), in memory
 * (no persistence: the gateway's outbox is the durable part), no websocket, no TLS. Why it is built
 * this way, and when a site should run mosquitto instead: docs/local-broker.md.
 *
 * <p>It carries the gateway's messages only. The gateway publishes in-process ({@link #transport()},
 * no client connection); outside clients may subscribe but never publish ({@link SubscribeOnlyPolicy});
 * a client's last will reaches no one ({@link OwnMessagesRouting}); the gateway's client id is refused
 * ({@link ClientAuthenticator}, {@link ClientGate}); a bind beyond
 * loopback needs {@code password_file} ({@link PasswordFile}). Clients receive at QoS 0, so nothing is
 * queued for a slow client beyond Netty's 64 KB write buffer (a client that cannot keep up loses
 * messages, the gateway never waits); retained messages are bounded in count and bytes
 * ({@link BoundedRetained}); packets above {@code max_message} drop the connection; clients beyond
 * {@code max_connections} are disconnected.
 *
 * <p>What it accepts (Moquette 0.17, checked in {@code LocalBrokerIT}): MQTT 3.1.1 and 3.1 only;
 * MQTT 5 clients are refused ("MQTT protocol version is not valid", so {@code mosquitto_sub -V mqttv5}
 * fails; the default {@code mqttv311} works). An empty client id (what {@code mosquitto_sub} sends when
 * no {@code -i} is given) is accepted ({@code allow_zero_byte_client_id}; Moquette's default refuses
 * it, LIBRARY-NOTES A.7), so plain {@code mosquitto_sub -h HOST -p PORT -t 'ews/#'} works.
 *
 * <p>Moquette's phone-home telemetry ({@code telemetry_enabled}), metrics and bugsnag are switched
 * off. Netty runs NIO; the epoll native jars are excluded in the parent POM.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);

    static {
        // Moquette and Netty log every connect at INFO through SLF4J; keep the gateway's log readable
        quiet("io.moquette", "warn");
        quiet("io.netty", "warn");
    }

    private final Server server;
    private final ClientGate gate;
    private final HostPort address;
    private final BoundedRetained retained;
    private final String clientId;
    private final LocalBrokerTransport transport;
    private volatile boolean running = true;

    private LocalBroker(Started started, HostPort address, BoundedRetained retained, String clientId) {
        this.server = started.server();
        this.gate = started.gate();
        this.address = address;
        this.retained = retained;
        this.clientId = clientId;
        this.transport = new LocalBrokerTransport(this);
    }

    private record Started(Server server, ClientGate gate) {
    }

    /**
     * Starts the broker on {@code cfg.bind()}. When that port is taken and {@code cfg.portFallback()}
     * is set, it listens on a free port of the same host instead (logged as a warning); otherwise it
     * fails with an {@link IllegalStateException} naming the address. A bind beyond loopback without
     * {@code password_file}, or a bad password file, fails naming the key.
     *
     * @param gatewayClientId the gateway's MQTT client id ({@code uplink.mqtt.client_id}): no client
     *                        may connect with it
     */
    public static LocalBroker start(LocalBrokerSection cfg, String gatewayClientId) {
        Objects.requireNonNull(gatewayClientId, "gatewayClientId");
        PasswordFile users = users(cfg);
        HostPort wanted = cfg.bind();
        boolean fallback = wanted.port() == 0;
        if (!fallback && !canBind(wanted.host(), wanted.port())) {
            if (!cfg.portFallback()) {
                throw new IllegalStateException("local_broker.bind: " + wanted
                        + " is already in use (another MQTT broker?); free it, choose another port,"
                        + " or set port_fallback");
            }
            fallback = true;
        }
        // We choose the port ourselves instead of binding port 0: Moquette 0.17 reports a port-0
        // bind through an unsynchronized map that a Netty thread fills in later.
        for (int attempt = 0; ; attempt++) {
            int port = fallback ? freePort(wanted.host()) : wanted.port();
            HostPort actual = new HostPort(wanted.host(), port);
            BoundedRetained retained = new BoundedRetained(cfg.limits().maxRetained(), cfg.limits().maxRetainedBytes());
            Started started = startOn(actual, cfg.limits(), gatewayClientId, users, retained);
            if (accepts(actual)) {
                if (actual.port() != wanted.port() && wanted.port() != 0) {
                    LOG.warn("local broker: {} is in use, LISTENING ON {} INSTEAD (clients must use this port)",
                            wanted, actual);
                } else {
                    LOG.info("local broker: listening on {}", actual);
                }
                return new LocalBroker(started, actual, retained, gatewayClientId);
            }
            started.server().stopServer();
            if (!fallback || attempt >= 2) {
                throw new IllegalStateException("local broker could not listen on " + actual);
            }
            // someone took the free port between our probe and Moquette's bind: pick another
        }
    }

    private static PasswordFile users(LocalBrokerSection cfg) {
        if (cfg.passwordFile() == null) {
            if (!cfg.loopbackOnly()) {
                throw new IllegalStateException("local_broker.password_file: required when local_broker.bind ("
                        + cfg.bind() + ") is not a loopback address");
            }
            return null;
        }
        try {
            return PasswordFile.read(cfg.passwordFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("local_broker.password_file: " + e.getMessage(), e);
        }
    }

    private static Started startOn(HostPort address, LocalBrokerSection.Limits limits, String gatewayClientId,
                                   PasswordFile users, BoundedRetained retained) {
        Server server = new Server();
        SubscriptionBounds bounds = new SubscriptionBounds();
        try {
            server.startServer(new MemoryConfig(properties(address.host(), address.port(), limits, users != null)),
                    List.of(), null, new ClientAuthenticator(gatewayClientId, users),
                    new SubscribeOnlyPolicy(gatewayClientId, bounds));
            server.addInterceptHandler(bounds);
            MoquetteInternals.SessionLoops loops = MoquetteInternals.install(server, retained, OwnMessagesRouting::new);
            ClientGate gate = new ClientGate(server, loops, gatewayClientId, limits.maxConnections());
            server.addInterceptHandler(gate);
            return new Started(server, gate);
        } catch (IOException e) {
            server.stopServer();
            throw new UncheckedIOException("local broker could not start on " + address, e);
        } catch (RuntimeException e) {
            server.stopServer();
            throw new IllegalStateException("local broker could not start on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The address actually listened on. */
    public HostPort address() {
        return address;
    }

    /** {@code tcp://host:port} for clients on this machine (a wildcard bind maps to 127.0.0.1). */
    public String url() {
        String host = connectHost(address.host());
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.port();
    }

    /**
     * The uplink's transport into this broker (the same one on every call): the gateway's messages go
     * in-process, never through a client connection.
     */
    public MqttTransport transport() {
        return transport;
    }

    /**
     * Publishes one of the gateway's own messages to every subscriber (QoS 0) and, when
     * {@code retain}, keeps it as the topic's retained message within the bounds (an empty payload
     * clears it). Never waits on a client.
     */
    void publishOwn(String topic, byte[] payload, boolean retain) {
        if (retain) {
            retained.retain(topic, payload);
        }
        // retained=false: Moquette would drop a QoS 0 retained message from its (replaced) store, and
        // live subscribers get the retain flag cleared anyway (MQTT 3.1.1 3.3.1.3)
        OwnMessagesRouting.routing(() -> server.internalPublish(MqttMessageBuilders.publish().topicName(topic)
                .qos(MqttQoS.AT_MOST_ONCE).retained(false).payload(Unpooled.wrappedBuffer(payload)).build(), clientId));
    }

    /** False once stopped, or once one of Moquette's session loops died (a restart is then due). */
    public boolean alive() {
        return running && gate.healthy();
    }

    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        transport.brokerStopped();
        server.stopServer();
        LOG.info("local broker: stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Largest message the uplink sends to the embedded broker (it takes the gateway's own in-process). */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    static Properties properties(String host, int port, LocalBrokerSection.Limits limits, boolean passwords) {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        // ssl_port / secure_websocket_port must stay unset: any value, even "disabled", makes
        // Moquette look for a keystore and log a misleading ERROR
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // with a password file every client must log in; without one (loopback only) anyone may
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(!passwords));
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        // a persistent session is disconnected at once (ClientGate); its state goes a minute later
        p.setProperty(BrokerConstants.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, "1m");
        p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        // a bigger packet fails the decoder and Moquette drops the connection (Moquette's own default
        // is 8092 bytes); the gateway's in-process messages do not go through the decoder
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(limits.maxMessage()));
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        return p;
    }

    /** Probes the address the way the broker will bind it; false if something listens there. */
    private static boolean canBind(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Netty does: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** True when the broker answers a TCP connect on {@code address} (wildcards via loopback). */
    private static boolean accepts(HostPort address) {
        String host = connectHost(address.host());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        do {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, address.port()), 500);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static String connectHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
    }

    private static void quiet(String loggerPrefix, String level) {
        String key = "org.slf4j.simpleLogger.log." + loggerPrefix;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }
}
