package org.fieldgate.drivers.bgeigie;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code bgeigie} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial        the logger's serial port (9600 8N1 by default); or
 * @param tcp           a serial device server in raw TCP mode
 * @param cpmPerUsvH    {@code cpm_per_usv_h}: the tube's counts per minute per µSv/h (default 334, the
 *                      LND 7317 of the Nano, Cs-137)
 * @param fastAboveUsvH {@code fast_above_usv_h}: above this dose rate the readings follow the last 5 s
 *                      (counts × 12) instead of the last minute, as the bGeigie's own display does;
 *                      null (default) = always the minute count
 */
public record BgeigieConfig(@JsonProperty("serial") SerialSettings serial,
                            @JsonProperty("tcp") TcpSettings tcp,
                            @JsonProperty("cpm_per_usv_h") Double cpmPerUsvH,
                            @JsonProperty("fast_above_usv_h") Double fastAboveUsvH) implements LinkConfig {

    public static final double LND_7317 = 334;

    public BgeigieConfig {
        cpmPerUsvH = cpmPerUsvH == null ? LND_7317 : cpmPerUsvH;
    }

    /** Without the fast response. */
    public BgeigieConfig(SerialSettings serial, TcpSettings tcp, Double cpmPerUsvH) {
        this(serial, tcp, cpmPerUsvH, null);
    }
}
