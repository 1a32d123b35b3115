package org.fieldgate.drivers.io.transport;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code serial:} of a sensor entry: {@code { port: /dev/ttyUSB0, baud: 9600, data_bits: 8, parity:
 * none, stop_bits: 1 }}. A port path that does not exist yet is not a config error: the sensor shows
 * {@code fault} until the device appears.
 *
 * @param port     device path, e.g. {@code /dev/ttyUSB0}, {@code /dev/serial/by-id/usb-FTDI…}, a pty
 * @param baud     bits per second (the driver's default when absent: see {@link #withDefaultBaud})
 * @param dataBits 5–8 (default 8)
 * @param parity   {@code none}, {@code even} or {@code odd} (default none)
 * @param stopBits 1 or 2 (default 1)
 */
public record SerialSettings(@JsonProperty("port") String port,
                             @JsonProperty("baud") Integer baud,
                             @JsonProperty("data_bits") Integer dataBits,
                             @JsonProperty("parity") String parity,
                             @JsonProperty("stop_bits") Integer stopBits) {

    public SerialSettings {
        dataBits = dataBits == null ? 8 : dataBits;
        parity = parity == null ? "none" : parity;
        stopBits = stopBits == null ? 1 : stopBits;
    }

    /** These settings, with {@code defaultBaud} when the config gave no baud rate. */
    public SerialSettings withDefaultBaud(int defaultBaud) {
        return baud != null ? this : new SerialSettings(port, defaultBaud, dataBits, parity, stopBits);
    }

    /** Bits on the wire per byte: start + data + parity + stop. */
    public int bitsPerByte() {
        return 1 + dataBits + ("none".equals(parity) ? 0 : 1) + stopBits;
    }

    /** {@code 9600 8N1}. */
    public String frameText() {
        return baud + " " + dataBits + Character.toUpperCase(parity.charAt(0)) + stopBits;
    }
}
