package org.fieldgate.drivers.gmc;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code gmc} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial           the counter's USB serial port (115200 8N1 by default; the GMC-300 v3 uses 57600); or
 * @param tcp              a serial device server in raw TCP mode
 * @param cpmPerUsvH       {@code cpm_per_usv_h}: the tube's counts per minute per µSv/h (default 153.8:
 *                         the M4011's 0.0065 µSv/h per CPM)
 * @param responseTimeout  {@code response_timeout}: how long a reply may take (default {@code 1s})
 */
public record GmcConfig(@JsonProperty("serial") SerialSettings serial,
                        @JsonProperty("tcp") TcpSettings tcp,
                        @JsonProperty("cpm_per_usv_h") Double cpmPerUsvH,
                        @JsonProperty("response_timeout") String responseTimeout) implements LinkConfig {

    public static final double M4011 = 153.8;

    public GmcConfig {
        cpmPerUsvH = cpmPerUsvH == null ? M4011 : cpmPerUsvH;
        responseTimeout = responseTimeout == null ? "1s" : responseTimeout;
    }
}
