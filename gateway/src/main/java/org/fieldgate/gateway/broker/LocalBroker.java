package org.fieldgate.gateway.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.LocalBrokerSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker for the site LAN and the demo: Moquette 0.17 on Netty (NIO), in memory
 * (no persistence: the gateway's outbox is the durable part), anonymous, no websocket, no TLS.
 *
 * <p>What it accepts (Moquette 0.17, checked in {@code LocalBrokerIT}): MQTT 3.1.1 and 3.1 only;
 * MQTT 5 clients are refused ("MQTT protocol version is not valid", so {@code mosquitto_pub -V mqttv5}
 * fails; the default {@code mqttv311} works). Any non-empty client id is accepted. An empty client
 * id (what {@code mosquitto_pub}/{@code _sub} send when no {@code -i} is given, asking the broker to
 * assign one) is refused by Moquette's default with "identifier rejected" (LIBRARY-NOTES A.7); this
 * class sets {@code allow_zero_byte_client_id}, so plain
 * {@code mosquitto_sub -h HOST -p PORT -t 'ews/#'} works.
 *
 * <p>Known quirk: Moquette 0.17 clears the retain flag when it delivers a retained message to a
 * QoS 1 subscription (QoS 0 subscriptions see it set); the message itself is delivered. {@code
 * fieldgate watch} subscribes at QoS 0 for that reason.
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
            Server server = startOn(actual);
            if (accepts(actual)) {
                if (actual.port() != wanted.port() && wanted.port() != 0) {
                    LOG.warn("local broker: {} is in use, LISTENING ON {} INSTEAD (clients must use this port)",
                            wanted, actual);
                } else {
                    LOG.info("local broker: listening on {}", actual);
                }
                return new LocalBroker(server, actual);
            }
            server.stopServer();
            if (!fallback || attempt >= 2) {
                throw new IllegalStateException("local broker could not listen on " + actual);
            }
            // someone took the free port between our probe and Moquette's bind: pick another
        }
    }

    private static Server startOn(HostPort address) {
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(properties(address.host(), address.port())), Collections.emptyList());
            return server;
        } catch (IOException e) {
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

    public void stop() {
        server.stopServer();
        LOG.info("local broker: stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Largest message the embedded broker takes (mosquitto's default has no limit). */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    static Properties properties(String host, int port) {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        // ssl_port / secure_websocket_port must stay unset: any value, even "disabled", makes
        // Moquette look for a keystore and log a misleading ERROR
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        // Moquette refuses messages above 8092 bytes by default ("invalid massage", then it drops the
        // connection): a scalar batch of 1000 readings or an event window part is bigger than that
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
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
