package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * A raw TCP connection to a serial device server: the same bytes as on the serial line. The host
 * name is resolved again on every open (a DHCP lease may move the converter).
 */
final class TcpLink implements ByteLink {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final TcpSettings settings;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    TcpLink(TcpSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws IOException {
        Socket s = new Socket();
        // published before connecting, so that close() from another thread aborts a slow connect
        socket = s;
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            // a new InetSocketAddress resolves the host name now, not once per process
            InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
            if (address.isUnresolved()) {
                throw new UnknownHostException("unknown host " + settings.host());
            }
            s.connect(address, CONNECT_TIMEOUT_MS);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            socket = null;
            s.close();
            throw new IOException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buf, int timeoutMs) throws IOException {
        Socket s = requireOpen();
        s.setSoTimeout(Math.max(1, timeoutMs));
        try {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException(describe() + ": connection closed by the device server");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        requireOpen();
        out.write(data);
        out.flush();
    }

    @Override
    public void discardInput() throws IOException {
        requireOpen();
        int n;
        while ((n = in.available()) > 0) {
            in.skipNBytes(n);
        }
    }

    @Override
    public long byteTimeMicros() {
        return 1_000_000L * 10 / settings.baud();
    }

    @Override
    public String describe() {
        return "tcp " + settings.host() + ":" + settings.port();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    private Socket requireOpen() throws IOException {
        Socket s = socket;
        if (s == null) {
            throw new IOException(describe() + ": not open");
        }
        return s;
    }
}
