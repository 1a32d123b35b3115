package org.fieldgate.gateway.status.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.gateway.supervision.LoopStarter;
import org.fieldgate.gateway.supervision.RunningLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on one selector thread: it accepts, reads and writes every connection
 * without blocking, and hands only complete requests to bounded {@link Lane}s. A client that sends
 * nothing, or half a request, costs a socket and a small buffer until {@link Limits#requestTimeout}
 * and never a thread; a full lane answers 503 at once; the connection count is capped. Every
 * response closes its connection.
 *
 * <p>A route may answer {@link Response#EVENT_STREAM}: the connection then stays open as a
 * server-sent events stream, and every {@link #broadcast} is written to it. At most
 * {@value #MAX_STREAMS} streams are open (a further one gets 503); a stream whose client does not
 * read, so that more than {@value #MAX_STREAM_BACKLOG} bytes wait for it, is closed (a browser's
 * {@code EventSource} reconnects by itself), so a slow phone costs a bounded buffer and never
 * delays anyone else.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: its dispatcher hands a connection to the
 * executor as soon as the first byte arrives and the request is then read with blocking reads, so
 * N half-sent requests hold N executor threads (until {@code sun.net.httpserver.maxReqTime}, a
 * JVM-wide system property); with a bounded pool a few slow clients still stall {@code /healthz}.
 */
public final class SelectorHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorHttpServer.class);
    /** After the response, how long the peer gets to close before the socket is simply closed. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Event streams open at once, at most. */
    static final int MAX_STREAMS = 32;
    /** Bytes waiting for one stream's client, at most. */
    static final int MAX_STREAM_BACKLOG = 256 * 1024;
    /** A stream with nothing written for this long is closed (the broadcaster sends more often). */
    private static final long STREAM_IDLE_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Route.Router router;
    private final Limits limits;
    private final Map<Lane, ThreadPoolExecutor> lanes = new LinkedHashMap<>();
    /** Every open connection, oldest first. Selector thread only. */
    private final Map<SocketChannel, Connection> connections = new LinkedHashMap<>();
    private final Queue<Runnable> fromLanes = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private final String name;
    private volatile RunningLoop loop;
    private volatile boolean open = true;
    private long lastAcceptWarning = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private final AtomicInteger streamCount = new AtomicInteger();

    private SelectorHttpServer(ServerSocketChannel listener, Selector selector, Route.Router router, Limits limits,
                               List<Lane> laneList, String name) {
        this.listener = listener;
        this.selector = selector;
        this.router = router;
        this.limits = limits;
        for (Lane lane : laneList) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(lane.threads(), lane.threads(), 0, TimeUnit.SECONDS,
                    lane.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(lane.queue()), r -> {
                        Thread t = new Thread(r, lane.name() + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
            lanes.put(lane, pool);
        }
        this.name = name;
    }

    /**
     * Binds and starts serving.
     *
     * @param bind   where to listen (port 0: a free port)
     * @param router picks each request's route
     * @param lanes  every lane a route may name
     * @param name   the selector thread's name
     */
    public static SelectorHttpServer start(InetSocketAddress bind, Route.Router router, Limits limits,
                                           List<Lane> lanes, String name) throws IOException {
        return start(bind, router, limits, lanes, name, LoopStarter.PLAIN);
    }

    /**
     * Binds and starts serving, the selector loop started through {@code threads} (the gateway's
     * supervisor restarts it after a throw; the listening socket and the lanes stay).
     */
    public static SelectorHttpServer start(InetSocketAddress bind, Route.Router router, Limits limits,
                                           List<Lane> lanes, String name, LoopStarter threads) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(bind, 64);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        SelectorHttpServer server = new SelectorHttpServer(listener, selector, router, limits, lanes, name);
        server.loop = threads.start(name, server::run);
        return server;
    }

    /** The address listened on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    /**
     * Writes {@code event} (a complete server-sent event, {@code "event: …\ndata: …\n\n"}) to every
     * open event stream. Thread-safe; returns at once.
     */
    public void broadcast(byte[] event) {
        fromLanes.add(() -> {
            for (Connection c : new ArrayList<>(connections.values())) {
                if (c.state == State.STREAMING) {
                    c.send(event);
                }
            }
        });
        selector.wakeup();
    }

    /** Event streams open now. */
    public int streams() {
        return streamCount.get();
    }

    /** True while the selector thread serves and no lane has been shut down. */
    public boolean alive() {
        RunningLoop l = loop;
        return open && l != null && l.isAlive() && lanes.values().stream().noneMatch(ThreadPoolExecutor::isShutdown);
    }

    /** One life of the selector loop: returns once closed; a throw drops the open connections. */
    private void run() {
        long tick = Math.min(TimeUnit.MILLISECONDS.toNanos(250), limits.requestTimeout().toNanos() / 4);
        try {
            while (open) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(tick)));
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isReadable()) {
                                c.readable();
                            } else if (key.isWritable()) {
                                c.writable();
                            }
                        } catch (IOException | RuntimeException e) {
                            c.close(); // one connection's trouble never stops the server
                        }
                    }
                }
                for (Runnable r; (r = fromLanes.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("HTTP server {}: sending an answer failed: {}", address(), e.toString());
                    }
                }
                expire(System.nanoTime());
            }
        } catch (IOException e) {
            if (open) {
                throw new UncheckedIOException("HTTP server " + name + ": " + e.getMessage(), e);
            }
        } catch (RuntimeException | Error e) {
            if (open) {
                throw e;
            }
        } finally {
            for (Connection c : new ArrayList<>(connections.values())) {
                c.close();
            }
        }
    }

    /** Accepts what is pending; when that fails (no file descriptor left) waits a moment instead of spinning. */
    private void accept() {
        try {
            acceptPending();
        } catch (IOException e) {
            long now = System.nanoTime();
            if (now - lastAcceptWarning > TimeUnit.MINUTES.toNanos(1)) {
                lastAcceptWarning = now;
                LOG.warn("HTTP server {}: cannot accept a connection ({}); {} open", address(), e.toString(),
                        connections.size());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptPending() throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) {
            if (connections.size() >= limits.maxConnections() && !evictOldestIdle()) {
                ch.close(); // every connection is being answered: the new one waits for nothing
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, (InetSocketAddress) ch.getRemoteAddress());
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections.put(ch, c);
            } catch (IOException e) {
                ch.close(); // gone already (reset right after connecting)
            }
        }
    }

    /** Closes the oldest connection that is still sending its request or already answered; false if none. */
    private boolean evictOldestIdle() {
        for (Connection c : connections.values()) {
            if (c.state == State.READING || c.state == State.LINGERING) {
                c.close();
                return true;
            }
        }
        return false;
    }

    private void expire(long now) {
        List<Connection> due = null;
        for (Connection c : connections.values()) {
            if (now - c.deadline >= 0) {
                (due == null ? due = new ArrayList<>() : due).add(c);
            }
        }
        if (due != null) {
            for (Connection c : due) {
                c.timedOut();
            }
        }
    }

    private enum State { READING, HANDLING, WRITING, LINGERING, STREAMING }

    /** One client connection. Selector thread only. */
    private final class Connection {
        final SocketChannel channel;
        final RequestReader reader;
        SelectionKey key;
        State state = State.READING;
        long deadline;
        ByteBuffer out;
        /** An event stream's bytes not yet written, and how many. */
        ArrayDeque<ByteBuffer> streamQueue;
        int streamBacklog;

        Connection(SocketChannel channel, InetSocketAddress remote) {
            this.channel = channel;
            this.reader = new RequestReader(limits, remote);
            this.deadline = System.nanoTime() + limits.requestTimeout().toNanos();
        }

        void readable() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                if (state == State.READING || state == State.LINGERING || state == State.STREAMING) {
                    close();
                } else { // the peer only closed its sending side: it still gets its answer
                    key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                }
                return;
            }
            if (state != State.READING) {
                return; // lingering after the response (or bytes after a complete request): discard
            }
            readBuffer.flip();
            RequestReader.Outcome o = reader.feed(readBuffer);
            if (o.error() != null) {
                respond(o.error(), false);
            } else if (o.request() != null) {
                dispatch(o.request());
            }
        }

        void dispatch(Request request) {
            Route route;
            try {
                route = router.route(request);
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {}: routing failed", request.method(), request.path(), e);
                respond(Response.text(500, "internal error\n"), request.head());
                return;
            }
            if (route.lane() == null) {
                respond(route.handler().apply(request), request.head());
                return;
            }
            state = State.HANDLING;
            deadline = System.nanoTime() + limits.handleTimeout().toNanos();
            key.interestOps(SelectionKey.OP_READ); // discard what more it sends; notice its end
            try {
                lanes.get(route.lane()).execute(() -> {
                    Response r;
                    try {
                        r = route.handler().apply(request);
                    } catch (RuntimeException e) {
                        LOG.error("HTTP {} {} failed", request.method(), request.path(), e);
                        r = Response.text(500, "internal error; see the gateway's log\n");
                    }
                    Response response = r;
                    fromLanes.add(() -> {
                        if (state == State.HANDLING && channel.isOpen()) {
                            respond(response, request.head());
                        }
                    });
                    selector.wakeup();
                });
            } catch (RejectedExecutionException e) {
                respond(Response.text(503, "busy; try again\n").with("Retry-After", "1"), request.head());
            }
        }

        void respond(Response response, boolean head) {
            if (response == Response.EVENT_STREAM && !head) {
                stream();
                return;
            }
            out = ByteBuffer.wrap(response.encode(head));
            state = State.WRITING;
            deadline = System.nanoTime() + limits.requestTimeout().toNanos();
            key.interestOps(SelectionKey.OP_WRITE);
            try {
                writable();
            } catch (IOException e) {
                close();
            }
        }

        /** Keeps the connection open as an event stream, or answers 503 when there are enough. */
        private void stream() {
            if (streamCount.get() >= MAX_STREAMS) {
                respond(Response.text(503, "too many live pages open; try again\n").with("Retry-After", "5"), false);
                return;
            }
            streamCount.incrementAndGet();
            state = State.STREAMING;
            streamQueue = new ArrayDeque<>();
            key.interestOps(SelectionKey.OP_READ); // only to notice the client going away
            send(Response.EVENT_STREAM.encode(false));
        }

        /** Queues bytes on an event stream; closes it when its client lags too far behind. */
        void send(byte[] bytes) {
            if (streamBacklog + bytes.length > MAX_STREAM_BACKLOG) {
                close();
                return;
            }
            streamQueue.add(ByteBuffer.wrap(bytes));
            streamBacklog += bytes.length;
            try {
                flushStream();
            } catch (IOException e) {
                close();
            }
        }

        private void flushStream() throws IOException {
            while (!streamQueue.isEmpty()) {
                ByteBuffer b = streamQueue.peek();
                int n = channel.write(b);
                streamBacklog -= n;
                if (n > 0) {
                    deadline = System.nanoTime() + STREAM_IDLE_NANOS;
                }
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                streamQueue.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void writable() throws IOException {
            if (state == State.STREAMING) {
                flushStream();
                return;
            }
            if (state != State.WRITING) {
                return;
            }
            channel.write(out);
            if (out.hasRemaining()) {
                return;
            }
            // half-close and let the peer close first: closing with unread input would reset the
            // connection and could destroy the response before the client read it
            channel.shutdownOutput();
            state = State.LINGERING;
            deadline = System.nanoTime() + LINGER_NANOS;
            key.interestOps(SelectionKey.OP_READ);
        }

        void timedOut() {
            if (state == State.READING && reader.started()) {
                respond(Response.text(408, "request not complete within "
                        + limits.requestTimeout().toMillis() + " ms\n"), false);
                deadline = System.nanoTime() + LINGER_NANOS; // no second chance to read it slowly
                return;
            }
            close();
        }

        void close() {
            if (connections.remove(channel) != null && state == State.STREAMING) {
                streamCount.decrementAndGet();
            }
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** Stops accepting, closes every connection, stops the lanes. Idempotent. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        RunningLoop l = loop;
        l.stopRestarts();
        selector.wakeup();
        try {
            l.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing HTTP server: {}", e.toString());
        }
        lanes.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}
