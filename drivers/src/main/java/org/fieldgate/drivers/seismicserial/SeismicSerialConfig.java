package org.fieldgate.drivers.seismicserial;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code seismic-serial} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial the serial port (default 115200 8N1), or
 * @param tcp    a serial device server in raw TCP mode
 * @param scale  m/s² per ADC count (required), e.g. {@code 3.8307e-5} for an ADXL355 at ±2 g
 *               (256000 counts per g: 9.80665 / 256000)
 * @param rate   the board's sample rate in Hz (required), a multiple of 0.01 Hz, e.g. {@code 31.25};
 *               frames that state another rate are dropped
 * @param axes   3 (x, y, z; default) or 1 (z only): which axes the board sends and the sensor reports
 */
public record SeismicSerialConfig(@JsonProperty("serial") SerialSettings serial,
                                  @JsonProperty("tcp") TcpSettings tcp,
                                  @JsonProperty("scale") Double scale,
                                  @JsonProperty("rate") Double rate,
                                  @JsonProperty("axes") Integer axes) implements LinkConfig {

    public SeismicSerialConfig {
        axes = axes == null ? 3 : axes;
    }

    /** {@code rate} in the frames' unit, 0.01 Hz. */
    public int rateCentiHz() {
        return (int) Math.round(rate * 100);
    }
}
