package org.fieldgate.drivers.sdi12;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of an {@code sdi12} sensor entry besides {@code id}, {@code driver}, {@code every}: one
 * SDI-12 bus behind a serial SDI-12 adapter, with one or more sensors on it.
 *
 * @param serial          the adapter's serial port (9600 8N1 by default); or
 * @param tcp             a serial device server in raw TCP mode in front of the adapter
 * @param sensors         the sensors on the bus, by address, with the channels their values map to
 * @param crc             ask for CRC-protected data ({@code aMC!}; default false = {@code aM!})
 * @param responseTimeout {@code response_timeout}: how long to wait for an answer through the adapter
 *                        (default {@code 1s}; the bus itself allows a sensor 15 ms)
 * @param retries         re-sends of a command that got no valid answer (default 3)
 */
public record Sdi12Config(@JsonProperty("serial") SerialSettings serial,
                          @JsonProperty("tcp") TcpSettings tcp,
                          @JsonProperty("sensors") List<Sensor> sensors,
                          @JsonProperty("crc") Boolean crc,
                          @JsonProperty("response_timeout") String responseTimeout,
                          @JsonProperty("retries") Integer retries) implements LinkConfig {

    public Sdi12Config {
        sensors = sensors == null ? List.of() : List.copyOf(sensors);
        crc = crc != null && crc;
        responseTimeout = responseTimeout == null ? "1s" : responseTimeout;
        retries = retries == null ? 3 : retries;
    }

    /**
     * One sensor on the bus.
     *
     * @param address  its SDI-12 address, one of {@code 0-9 a-z A-Z}
     * @param channels what its measurement's values are
     */
    public record Sensor(@JsonProperty("address") String address,
                         @JsonProperty("channels") List<Channel> channels) {
        public Sensor {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }

    /**
     * One value of a sensor's measurement, as a channel: {@code value = raw * scale + offset}.
     *
     * @param name   channel name (snake case, unique in the entry), e.g. {@code stage_m}
     * @param index  position of the value in the measurement, from 0
     * @param unit   unit after scaling, e.g. {@code m}
     * @param min    lowest physically possible value (after scaling); below = suspect
     * @param max    highest physically possible value (after scaling); above = suspect
     * @param scale  factor (default 1.0)
     * @param offset added after scaling (default 0.0)
     */
    public record Channel(@JsonProperty("name") String name,
                          @JsonProperty("index") Integer index,
                          @JsonProperty("unit") String unit,
                          @JsonProperty("min") Double min,
                          @JsonProperty("max") Double max,
                          @JsonProperty("scale") Double scale,
                          @JsonProperty("offset") Double offset) {
        public Channel {
            scale = scale == null ? 1.0 : scale;
            offset = offset == null ? 0.0 : offset;
        }
    }
}
