package org.fieldgate.gateway.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.Properties;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.LocalBrokerSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker for the site LAN and the demo: Moquette 0.17 on Netty (NIO), in memory
 * (no persistence: the gateway's outbox is the durable part), anonymous, no websocket, no TLS.
 *
 * <p>What it accepts (checked against 0.17 with Paho and mosquitto clients): MQTT 3.1.1 and 3.1
 * only; MQTT 5 clients are refused (use {@code mosquitto_pub -V mqttv311}, the default). Any
 * non-empty client id is accepted. An empty client id (what {@code mosquitto_pub}/{@code _sub}
 * send when no {@code -i} is given, asking the broker to assign one) is refused with
 * "identifier rejected" unless {@code allow_zero_byte_client_id} is set, which this class sets, so
 * plain {@code mosquitto_sub -h HOST -p PORT -t 'ews/#'} works.
 *
 * <p>Moquette's phone-home telemetry ({@code telemetry_enabled}) is switched off.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);

    static {
        // Moquette and Netty log every connect at INFO through SLF4J; keep the gateway's log readable
        quiet("io.moquette", "warn");
        quiet("io.netty", "warn");
    }

    private final Server server;
    private final HostPort address;

    private LocalBroker(Server server, HostPort address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts the broker on {@code cfg.bind()}. When that port is taken and {@code cfg.portFallback()}
     * is set, it listens on a free port of the same host instead (logged as a warning); otherwise it
     * fails with an {@link IllegalStateException} naming the address.
     */
    public static LocalBroker start(LocalBrokerSection cfg) {
        HostPort wanted = cfg.bind();
        int port = wanted.port();
        if (port != 0 && !canBind(wanted)) {
            if (!cfg.portFallback()) {
                throw new IllegalStateException("local_broker.bind: " + wanted
                        + " is already in use (another MQTT broker?); free it, choose another port,"
                        + " or set port_fallback");
            }
            port = 0;
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(properties(wanted.host(), port)), Collections.emptyList());
        } catch (IOException e) {
            throw new UncheckedIOException("local broker could not start on " + wanted.host() + ":" + port, e);
        } catch (RuntimeException e) {
            server.stopServer();
            throw new IllegalStateException("local broker could not start on " + wanted.host() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        HostPort actual = new HostPort(wanted.host(), server.getPort());
        if (actual.port() <= 0 || (port != 0 && actual.port() != port)) {
            server.stopServer();
            throw new IllegalStateException("local broker could not bind " + wanted.host() + ":" + port);
        }
        if (wanted.port() != 0 && actual.port() != wanted.port()) {
            LOG.warn("local broker: {} is in use, LISTENING ON {} INSTEAD (clients must use this port)",
                    wanted, actual);
        } else {
            LOG.info("local broker: listening on {}", actual);
        }
        return new LocalBroker(server, actual);
    }

    /** The address actually listened on. */
    public HostPort address() {
        return address;
    }

    /** {@code tcp://host:port} for clients on this machine (a wildcard bind maps to 127.0.0.1). */
    public String url() {
        String host = address.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        }
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.port();
    }

    public void stop() {
        server.stopServer();
        LOG.info("local broker: stopped");
    }

    @Override
    public void close() {
        stop();
    }

    static Properties properties(String host, int port) {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.SSL_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.WSS_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        return p;
    }

    /** Probes the address the way the broker will bind it; false if something listens there. */
    private static boolean canBind(HostPort address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Netty does: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void quiet(String loggerPrefix, String level) {
        String key = "org.slf4j.simpleLogger.log." + loggerPrefix;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }
}
