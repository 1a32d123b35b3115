package org.fieldgate.drivers.sim;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one daemon thread a simulator runs on, named {@code sim-<sensorId>}. */
final class SimThreads {

    private SimThreads() {
    }

    public static String threadName(String sensorId) {
        return "sim-" + sensorId;
    }

    public static ScheduledExecutorService singleDaemon(String sensorId) {
        String name = threadName(sensorId);
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops the executor and waits briefly for its thread to end, unless called from that thread
     * (a sink may close its driver).
     */
    public static void stop(ScheduledExecutorService executor, String sensorId) {
        executor.shutdownNow();
        if (Thread.currentThread().getName().equals(threadName(sensorId))) {
            return;
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
