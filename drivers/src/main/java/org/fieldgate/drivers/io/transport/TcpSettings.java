package org.fieldgate.drivers.io.transport;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code tcp:} of a sensor entry: a serial device server (RS-485/RS-232 to Ethernet) in raw TCP
 * mode, {@code { host: 10.0.0.5, port: 4001 }}. The bytes are the device's own protocol.
 *
 * @param host host name or address (re-resolved on every connect)
 * @param port TCP port
 * @param baud the baud rate of the serial side, used only for protocol timing (default 9600)
 */
public record TcpSettings(@JsonProperty("host") String host,
                          @JsonProperty("port") Integer port,
                          @JsonProperty("baud") Integer baud) {
    public TcpSettings {
        baud = baud == null ? 9600 : baud;
    }
}
