package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * In-memory {@link ByteLink}s for driver tests: the test scripts what the next reads return (bytes,
 * an {@link IOException}, a {@link RuntimeException}), whether opening fails, and whether a read
 * blocks until the link is closed. Each open makes a new link that reads from the same script, as a
 * reopened port reads from the same device.
 */
final class ScriptedLinks implements Supplier<ByteLink> {

    private static final Object BLOCK = new Object();

    private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger openAttempts = new AtomicInteger();
    private final List<byte[]> written = new ArrayList<>();
    private volatile String openFailure;

    /** Next reads deliver these bytes (one read per call). */
    ScriptedLinks deliver(byte... bytes) {
        script.add(bytes.clone());
        return this;
    }

    ScriptedLinks deliver(String ascii) {
        return deliver(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The next read throws (the cable is pulled mid-session). */
    ScriptedLinks breakWith(IOException e) {
        script.add(e);
        return this;
    }

    /** The next read throws a bug. */
    ScriptedLinks crashWith(RuntimeException e) {
        script.add(e);
        return this;
    }

    /** The next read blocks until the link is closed (a read that ignores its timeout). */
    ScriptedLinks blockRead() {
        script.add(BLOCK);
        return this;
    }

    /** Every open fails with this message from now on; null lets opens succeed again. */
    ScriptedLinks failOpens(String message) {
        openFailure = message;
        return this;
    }

    /** Successful opens so far. */
    int opens() {
        return opens.get();
    }

    /** Opens tried so far, failed or not. */
    int openAttempts() {
        return openAttempts.get();
    }

    synchronized List<byte[]> written() {
        return List.copyOf(written);
    }

    @Override
    public ByteLink get() {
        return new Link();
    }

    private final class Link implements ByteLink {
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean open;

        @Override
        public void open() throws IOException {
            openAttempts.incrementAndGet();
            String failure = openFailure;
            if (failure != null) {
                throw new IOException(failure);
            }
            open = true;
            opens.incrementAndGet();
        }

        @Override
        public int read(byte[] buf, int timeoutMs) throws IOException {
            if (!open) {
                throw new IOException("fake: not open");
            }
            Object next;
            try {
                next = script.poll(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("fake: interrupted");
            }
            if (next == null) {
                return 0;
            }
            if (next == BLOCK) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("fake: closed during read");
            }
            if (next instanceof IOException e) {
                throw e;
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            byte[] bytes = (byte[]) next;
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            return bytes.length;
        }

        @Override
        public void write(byte[] data) {
            synchronized (ScriptedLinks.this) {
                written.add(data.clone());
            }
        }

        @Override
        public void discardInput() {
        }

        @Override
        public long byteTimeMicros() {
            return 1042;
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void close() {
            open = false;
            closed.countDown();
        }
    }
}
