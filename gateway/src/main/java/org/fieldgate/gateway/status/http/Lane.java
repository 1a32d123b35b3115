package org.fieldgate.gateway.status.http;

/**
 * A bounded queue of work with its own threads: a route's handler runs on its lane, so slow
 * actions never hold up reads and a burst of reports never holds up the health check. When the
 * lane's threads are busy and its queue is full, the request is answered 503 at once.
 *
 * @param name    thread name prefix
 * @param threads threads serving it
 * @param queue   requests that may wait for a thread
 */
public record Lane(String name, int threads, int queue) {

    public Lane {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("lane " + name + ": threads >= 1 and queue >= 0");
        }
    }
}
