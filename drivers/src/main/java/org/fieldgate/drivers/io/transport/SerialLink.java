package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port through jssc 2.10.2. Reads poll {@code getInputBufferBytesCount()} and park 2 ms
 * between polls: jssc's own {@code readBytes(n, timeout)} and event listener busy-spin a core
 * (LIBRARY-NOTES A.3). A port whose device node has vanished (USB adapter pulled) reads as broken,
 * so the driver closes it and reopens by path.
 */
final class SerialLink implements ByteLink {

    private static final long POLL_NANOS = 2_000_000L;

    private static final long PRESENCE_CHECK_NANOS = 500_000_000L;

    private final SerialSettings settings;
    private volatile SerialPort port;
    /** When the device node was last seen; kept across reads (drivers read in slices of 200 ms). */
    private long lastPresenceCheck;

    SerialLink(SerialSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws IOException {
        if (!Files.exists(Path.of(settings.port()))) {
            throw new IOException(settings.port() + ": no such device");
        }
        SerialPort p;
        try {
            p = new SerialPort(settings.port());
        } catch (LinkageError e) {
            // jssc's native library could not be loaded (noexec /tmp, read-only root, other CPU):
            // the sensor is at fault, the thread must live on to say so (LIBRARY-NOTES A.3)
            throw new IOException(describe() + ": serial support unavailable (" + e
                    + "); set -Djssc.boot.library.path to a folder holding libjssc.so", e);
        }
        try {
            if (!p.openPort()) {
                throw new IOException(describe() + ": cannot open");
            }
            // the returned flag is not checked: jssc reports false when it cannot set RTS/DTR, which a
            // pty (and some USB adapters) do not have, although the line settings took effect
            p.setParams(settings.baud(), settings.dataBits(), stopBits(), parity(), false, false);
            p.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
        } catch (SerialPortException e) {
            closeQuietly(p);
            throw new IOException(describe() + ": " + reason(e), e);
        } catch (IOException e) {
            closeQuietly(p);
            throw e;
        }
        lastPresenceCheck = System.nanoTime();
        port = p;
    }

    @Override
    public int read(byte[] buf, int timeoutMs) throws IOException {
        SerialPort p = requireOpen();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int available;
            try {
                available = p.getInputBufferBytesCount();
            } catch (SerialPortException e) {
                throw new IOException(describe() + ": " + reason(e), e);
            }
            if (available < 0) {
                throw new IOException(describe() + ": port is gone");
            }
            if (available > 0) {
                try {
                    byte[] got = p.readBytes(Math.min(available, buf.length));
                    System.arraycopy(got, 0, buf, 0, got.length);
                    return got.length;
                } catch (SerialPortException e) {
                    throw new IOException(describe() + ": " + reason(e), e);
                }
            }
            long now = System.nanoTime();
            if (now - lastPresenceCheck > PRESENCE_CHECK_NANOS) {
                // a pulled USB adapter (or a pty whose other side closed) often just reads nothing
                if (!Files.exists(Path.of(settings.port()))) {
                    throw new IOException(settings.port() + ": device vanished");
                }
                lastPresenceCheck = now;
            }
            if (now >= deadline) {
                return 0;
            }
            if (port == null) {
                throw new IOException(describe() + ": closed");
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, Math.max(1, deadline - now)));
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        try {
            if (!requireOpen().writeBytes(data)) {
                throw new IOException(describe() + ": write failed");
            }
        } catch (SerialPortException e) {
            throw new IOException(describe() + ": " + reason(e), e);
        }
    }

    @Override
    public void discardInput() throws IOException {
        try {
            requireOpen().purgePort(SerialPort.PURGE_RXCLEAR);
        } catch (SerialPortException e) {
            throw new IOException(describe() + ": " + reason(e), e);
        }
    }

    @Override
    public long byteTimeMicros() {
        return 1_000_000L * settings.bitsPerByte() / settings.baud();
    }

    @Override
    public String describe() {
        return settings.port() + " " + settings.frameText();
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            closeQuietly(p);
        }
    }

    private SerialPort requireOpen() throws IOException {
        SerialPort p = port;
        if (p == null) {
            throw new IOException(describe() + ": not open");
        }
        return p;
    }

    private int parity() {
        return switch (settings.parity()) {
            case "even" -> SerialPort.PARITY_EVEN;
            case "odd" -> SerialPort.PARITY_ODD;
            default -> SerialPort.PARITY_NONE;
        };
    }

    private int stopBits() {
        return settings.stopBits() == 2 ? SerialPort.STOPBITS_2 : SerialPort.STOPBITS_1;
    }

    private static String reason(SerialPortException e) {
        String type = e.getExceptionType();
        return type != null ? type.toLowerCase(java.util.Locale.ROOT) : String.valueOf(e.getMessage());
    }

    private static void closeQuietly(SerialPort p) {
        try {
            if (p.isOpened()) {
                p.closePort();
            }
        } catch (SerialPortException ignored) {
            // closing a port whose device vanished fails; nothing more to release
        }
    }
}
