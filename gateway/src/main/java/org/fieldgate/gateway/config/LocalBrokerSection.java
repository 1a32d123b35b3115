package org.fieldgate.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * {@code local_broker:} the embedded MQTT broker for the site LAN and the demo (docs/local-broker.md).
 *
 * @param enabled      run it
 * @param bind         {@code host:port} to listen on
 * @param portFallback when the port is taken, listen on a free port instead of failing (the demo
 *                     uses this; the address actually used is in status and the run file)
 * @param passwordFile mosquitto-style password file ({@code user:$7$…}, written by
 *                     {@code mosquitto_passwd}); required when {@code bind} is not loopback; null: none
 * @param limits       what one client, and all of them together, may make the broker hold
 */
public record LocalBrokerSection(boolean enabled, HostPort bind, boolean portFallback, Path passwordFile,
                                 Limits limits) {

    /** A section without password file and with the default limits. */
    public LocalBrokerSection(boolean enabled, HostPort bind, boolean portFallback) {
        this(enabled, bind, portFallback, null, Limits.DEFAULTS);
    }

    /**
     * The broker's bounds. The defaults keep the broker under about 6 MB of the 64 MB heap it shares
     * with the gateway (docs/local-broker.md has the arithmetic).
     *
     * @param maxMessage       largest MQTT packet a client may send (bytes); bigger ones drop the connection
     * @param maxConnections   clients connected at once; one more is disconnected right after CONNECT
     * @param maxRetained      retained messages kept (topics)
     * @param maxRetainedBytes retained payload bytes kept, all topics together
     */
    public record Limits(int maxMessage, int maxConnections, int maxRetained, long maxRetainedBytes) {
        public static final Limits DEFAULTS = new Limits(64 * 1024, 16, 256, 2L << 20);
    }

    /**
     * True when {@code bind} is a loopback address ({@code localhost}, {@code 127.x.x.x}, {@code ::1}):
     * only processes on this machine can connect. Any other name or address counts as reachable
     * from the network; names are not resolved.
     */
    public boolean loopbackOnly() {
        String host = bind.host();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false; // a host name: it may resolve to anything
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
