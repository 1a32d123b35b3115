package org.fieldgate.drivers.io.transport;

/** Makes the {@link ByteLink} a {@link LinkConfig} asks for (not opened yet). */
public final class ByteLinks {

    private ByteLinks() {
    }

    /**
     * @param defaultBaud the device's factory baud rate, used when {@code serial.baud} is absent
     */
    public static ByteLink create(LinkConfig config, int defaultBaud) {
        if (config.serial() != null) {
            return new SerialLink(config.serial().withDefaultBaud(defaultBaud));
        }
        if (config.tcp() != null) {
            return new TcpLink(config.tcp());
        }
        throw new IllegalArgumentException("neither serial: nor tcp: is configured");
    }

    /** A serial link with exactly these settings (tests, probe). */
    public static ByteLink serial(SerialSettings settings) {
        return new SerialLink(settings.withDefaultBaud(9600));
    }

    /** A TCP link with exactly these settings (tests, probe). */
    public static ByteLink tcp(TcpSettings settings) {
        return new TcpLink(settings);
    }
}
