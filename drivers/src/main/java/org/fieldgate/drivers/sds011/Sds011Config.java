package org.fieldgate.drivers.sds011;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of an {@code sds011} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial        the serial port (default baud 9600), or
 * @param tcp           a serial device server in raw TCP mode
 * @param workingPeriod {@code working_period}: minutes between measurements, 0 = continuous (a frame
 *                      a second; default), 1..30 = the sensor sleeps between measurements (longer
 *                      laser life); sent to the sensor on every open
 */
public record Sds011Config(@JsonProperty("serial") SerialSettings serial,
                           @JsonProperty("tcp") TcpSettings tcp,
                           @JsonProperty("working_period") Integer workingPeriod) implements LinkConfig {

    public Sds011Config {
        workingPeriod = workingPeriod == null ? 0 : workingPeriod;
    }
}
