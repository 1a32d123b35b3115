package org.fieldgate.drivers;

/** The one daemon thread {@code driver-<sensorId>} a driver reads its device on. */
public final class ReaderThread {

    private ReaderThread() {
    }

    /** Starts {@code body} on a new daemon thread named {@code driver-<sensorId>}. */
    public static Thread start(String sensorId, Runnable body) {
        Thread t = new Thread(body, "driver-" + sensorId);
        t.setDaemon(true);
        // what ended the thread, for the log; the gateway sees the end through Driver.alive()
        t.setUncaughtExceptionHandler((th, e) -> org.slf4j.LoggerFactory.getLogger(ReaderThread.class)
                .error("sensor {}: reading thread died", sensorId, e));
        t.start();
        return t;
    }

    /**
     * What a driver reading on {@code t} answers to {@link Driver#alive()}: false only when it should
     * be running (started, not stopped) and the thread has ended.
     */
    public static boolean alive(Thread t, boolean running) {
        return t == null || !running || t.isAlive();
    }

    /**
     * Interrupts {@code t} and waits up to 5 s for it to end, unless called from {@code t} itself (a
     * sink may close its driver); a null thread (never started) is fine.
     */
    public static void stop(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
