package org.fieldgate.drivers.io.transport;

import java.io.IOException;

/**
 * A two-way byte stream to one device: a serial port ({@link SerialSettings}) or a TCP connection to
 * a serial device server in raw mode ({@link TcpSettings}). One owner thread uses a link; only
 * {@link #close()} may be called from another thread (to stop a blocked read).
 */
public interface ByteLink extends AutoCloseable {

    /** Opens the port or connection; throws when the device is absent or busy. */
    void open() throws IOException;

    /**
     * Reads what is available into {@code buf}, waiting at most {@code timeoutMs} for the first byte.
     *
     * @return the number of bytes read, 0 when nothing arrived in time
     * @throws IOException when the link is broken (device unplugged, connection reset): the caller
     *                     closes it and opens a new one
     */
    int read(byte[] buf, int timeoutMs) throws IOException;

    /** Writes all of {@code data}. */
    void write(byte[] data) throws IOException;

    /** Discards bytes received and not yet read (before a request, so a stale reply is not taken). */
    void discardInput() throws IOException;

    /** The link's settings time one byte takes on the wire, in microseconds (RTU silence, SDI-12 timing). */
    long byteTimeMicros();

    /** For logs and status: {@code /dev/ttyUSB0 9600 8N1} or {@code tcp 10.0.0.5:4001}. */
    String describe();

    /** Closes; idempotent; unblocks a read in progress. */
    @Override
    void close();
}
