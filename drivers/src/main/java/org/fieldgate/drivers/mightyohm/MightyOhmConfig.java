package org.fieldgate.drivers.mightyohm;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code mightyohm} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial        the kit's serial header (9600 8N1 by default); or
 * @param tcp           a serial device server in raw TCP mode
 * @param cpmPerUsvH    {@code cpm_per_usv_h}: the tube's counts per minute per µSv/h (default 175.4,
 *                      the SBM-20 the kit ships with, as its firmware's 0.0057 µSv/h per CPM)
 * @param deviceFactor  {@code device_usv_per_cpm}: the factor the kit's firmware prints its dose with
 *                      (default 0.0057); each line's dose is checked against its CPM with it, the
 *                      line's only protection against a changed digit. 0 turns the check off (clones
 *                      that print another dose)
 */
public record MightyOhmConfig(@JsonProperty("serial") SerialSettings serial,
                              @JsonProperty("tcp") TcpSettings tcp,
                              @JsonProperty("cpm_per_usv_h") Double cpmPerUsvH,
                              @JsonProperty("device_usv_per_cpm") Double deviceFactor) implements LinkConfig {

    public MightyOhmConfig {
        cpmPerUsvH = cpmPerUsvH == null ? 1 / MightyOhmCodec.FIRMWARE_USV_PER_CPM : cpmPerUsvH;
        deviceFactor = deviceFactor == null ? MightyOhmCodec.FIRMWARE_USV_PER_CPM : deviceFactor;
    }
}
