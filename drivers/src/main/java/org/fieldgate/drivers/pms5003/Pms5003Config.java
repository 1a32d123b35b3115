package org.fieldgate.drivers.pms5003;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code pms5003} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial  the serial port (default baud 9600), or
 * @param tcp     a serial device server in raw TCP mode
 * @param mode    {@code active} (default: the sensor streams a frame about every second and the
 *                driver keeps one per {@code every}) or {@code passive} (the driver asks for a frame
 *                every {@code every})
 * @param variant {@code pms5003} (default; also PMS1003/7003/A003) or {@code pms5003t} (temperature
 *                and humidity in place of the two largest particle counts)
 */
public record Pms5003Config(@JsonProperty("serial") SerialSettings serial,
                            @JsonProperty("tcp") TcpSettings tcp,
                            @JsonProperty("mode") String mode,
                            @JsonProperty("variant") String variant) implements LinkConfig {

    public static final String ACTIVE = "active";
    public static final String PASSIVE = "passive";

    public Pms5003Config {
        mode = mode == null ? ACTIVE : mode;
        variant = variant == null ? Pms5003Variant.PMS5003.key() : variant;
    }

    public boolean passive() {
        return PASSIVE.equals(mode);
    }
}
