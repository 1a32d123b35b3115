package org.fieldgate.drivers.io.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Implemented by the config record of every driver that talks to a device over bytes: exactly one of
 * {@code serial:} or {@code tcp:} is given.
 */
public interface LinkConfig {

    SerialSettings serial();

    TcpSettings tcp();

    /** Problems with the link keys, each starting with the key at fault ({@code serial.baud: …}). */
    static List<String> validate(LinkConfig c) {
        List<String> problems = new ArrayList<>();
        if ((c.serial() == null) == (c.tcp() == null)) {
            problems.add("serial: give exactly one of serial: { port: … } or tcp: { host: …, port: … }");
            return problems;
        }
        if (c.serial() != null) {
            SerialSettings s = c.serial();
            if (s.port() == null || s.port().isBlank()) {
                problems.add("serial.port: required, e.g. /dev/ttyUSB0");
            }
            if (s.baud() != null && (s.baud() < 50 || s.baud() > 4_000_000)) {
                problems.add("serial.baud: " + s.baud() + " is not a baud rate");
            }
            if (s.dataBits() < 5 || s.dataBits() > 8) {
                problems.add("serial.data_bits: must be 5 to 8, got " + s.dataBits());
            }
            if (!List.of("none", "even", "odd").contains(s.parity())) {
                problems.add("serial.parity: must be none, even or odd, got '" + s.parity() + "'");
            }
            if (s.stopBits() != 1 && s.stopBits() != 2) {
                problems.add("serial.stop_bits: must be 1 or 2, got " + s.stopBits());
            }
        } else {
            TcpSettings t = c.tcp();
            if (t.host() == null || t.host().isBlank()) {
                problems.add("tcp.host: required");
            }
            if (t.port() == null || t.port() < 1 || t.port() > 65535) {
                problems.add("tcp.port: must be 1 to 65535, got " + t.port());
            }
        }
        return problems;
    }
}
