package org.fieldgate.drivers.sps30;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of an {@code sps30} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial the serial port (default baud 115200, the SPS30's only rate), or
 * @param tcp    a serial device server in raw TCP mode
 */
public record Sps30Config(@JsonProperty("serial") SerialSettings serial,
                          @JsonProperty("tcp") TcpSettings tcp) implements LinkConfig {
}
