package org.fieldgate.gateway.service;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The service manager's notification socket ({@code $NOTIFY_SOCKET}): a Unix <em>datagram</em>
 * socket, which the JDK cannot open (it has Unix stream sockets only), so this calls libc's
 * {@code socket} and {@code sendto} through JNA (already on the class path for pi4j). A path that
 * starts with {@code @} is in the abstract namespace. Each message is one datagram of
 * newline-separated {@code KEY=value} lines.
 */
final class SdNotifySocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(sun_path)} on Linux. */
    private static final int SUN_PATH = 108;

    /** The two libc calls this needs. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final String path;
    private final byte[] address;
    private final int addressLength;
    private int fd = -1; // guarded by this

    private SdNotifySocket(LibC libc, String path) {
        this.libc = libc;
        this.path = path;
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.startsWith("@");
        if (name.length >= SUN_PATH) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a Unix socket path may be: " + path);
        }
        ByteBuffer a = ByteBuffer.allocate(2 + SUN_PATH).order(ByteOrder.nativeOrder());
        a.putShort((short) AF_UNIX);
        a.put(name);
        if (abstractName) {
            a.put(2, (byte) 0); // "@name" is "\0name"
        }
        this.address = a.array();
        // an abstract name is exactly its bytes; a path ends at its NUL
        this.addressLength = 2 + name.length + (abstractName ? 0 : 1);
    }

    /** The socket {@code NOTIFY_SOCKET} names in {@code env}, or null when it names none (not run by systemd). */
    static SdNotifySocket fromEnvironment(Map<String, String> env) {
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return null;
        }
        if (!path.startsWith("/") && !path.startsWith("@")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is neither a path nor an abstract name: " + path);
        }
        return new SdNotifySocket(Native.load("c", LibC.class), path);
    }

    String path() {
        return path;
    }

    /**
     * Sends {@code message} (lines {@code KEY=value}) as one datagram.
     *
     * @throws LastErrorException when the socket cannot be opened or the datagram not sent (the
     *                            service manager went away, the socket is full)
     */
    synchronized void send(String message) {
        if (fd < 0) {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        }
        byte[] bytes = (message.endsWith("\n") ? message : message + "\n").getBytes(StandardCharsets.UTF_8);
        libc.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, addressLength);
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // nothing left to do with it
            }
            fd = -1;
        }
    }
}
