package org.fieldgate.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a broker, standing in for a flapping 4G link: it forwards
 * every connection to {@code upstream}, the client's bytes at most {@code bytesPerSecond} (so a
 * message of tens of KB is on the wire for a while), and cuts every connection (both sides, at
 * once, wherever the bytes are: mid-message) at random intervals between {@code minCutMs} and
 * {@code maxCutMs}. New connections are accepted at once after a cut.
 */
public final class FlappingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstream;
    private final int bytesPerSecond;
    private final List<Socket[]> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Random random;
    private volatile boolean running = true;
    private volatile boolean flapping = true;
    private final Thread acceptor;
    private final Thread cutter;

    public FlappingProxy(int upstream, int bytesPerSecond, long minCutMs, long maxCutMs, long seed) throws IOException {
        this.upstream = upstream;
        this.bytesPerSecond = bytesPerSecond;
        this.random = new Random(seed);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "flapping-proxy-accept");
        this.acceptor.setDaemon(true);
        this.cutter = new Thread(() -> cut(minCutMs, maxCutMs), "flapping-proxy-cut");
        this.cutter.setDaemon(true);
        acceptor.start();
        cutter.start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections cut so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Stops cutting (the link heals); connections stay up from now on. */
    public void heal() {
        flapping = false;
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket();
                try {
                    broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream), 5_000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                Socket[] link = {client, broker};
                links.add(link);
                pump(client, broker, bytesPerSecond, link, "up");
                pump(broker, client, 0, link, "down");
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, int rate, Socket[] link, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[rate > 0 ? Math.max(256, rate / 20) : 16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    if (rate > 0) {
                        TimeUnit.MICROSECONDS.sleep(n * 1_000_000L / rate);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // cut, or the other side went
            } finally {
                close(link);
            }
        }, "flapping-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void cut(long minMs, long maxMs) {
        while (running) {
            try {
                Thread.sleep(minMs + (long) (random.nextDouble() * (maxMs - minMs)));
            } catch (InterruptedException e) {
                return;
            }
            if (!flapping) {
                continue;
            }
            for (Socket[] link : links) {
                try {
                    link[0].setSoLinger(true, 0); // a reset, as a radio link that is gone
                } catch (IOException ignored) {
                    // already closed
                }
                close(link);
                cuts.incrementAndGet();
            }
        }
    }

    private void close(Socket[] link) {
        links.remove(link);
        for (Socket s : link) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        cutter.interrupt();
        for (Socket[] link : links) {
            close(link);
        }
    }
}
