package org.fieldgate.drivers.testing;

import java.io.IOException;
import org.fieldgate.drivers.io.transport.ByteLink;

/**
 * A device on the emulator end of a {@link PtyPair}, in its own thread: opens the device port,
 * {@link #serve serves} until the port breaks (the pair vanished), then reopens it until the test
 * restores the pair.
 */
public abstract class DeviceEmulator implements AutoCloseable {

    private final PtyPair pty;
    private final Thread thread;
    private volatile boolean running = true;

    protected DeviceEmulator(PtyPair pty, String name) {
        this.pty = pty;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts the thread; call at the end of the subclass constructor. */
    protected final void begin() {
        thread.start();
    }

    /** Speaks the device protocol over {@code link} while {@link #running()}. */
    protected abstract void serve(ByteLink link) throws IOException;

    protected final boolean running() {
        return running;
    }

    private void run() {
        while (running) {
            try (ByteLink link = pty.openDevice()) {
                serve(link);
            } catch (IOException e) {
                pause(50);
            }
        }
    }

    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
