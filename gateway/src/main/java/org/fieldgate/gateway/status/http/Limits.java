package org.fieldgate.gateway.status.http;

import java.time.Duration;

/**
 * What one client may cost {@link SelectorHttpServer}.
 *
 * @param maxConnections  open connections at most; a new one beyond it closes the oldest that has
 *                        not finished sending its request or has been answered already (so idle
 *                        sockets can never lock out a health check)
 * @param requestTimeout  from accept, how long a client has to send its whole request, and, once
 *                        answered, to read the answer
 * @param handleTimeout   how long a handler may take before its connection is closed
 * @param maxHeaderBytes  request line and headers at most (431 beyond)
 * @param maxBodyBytes    request body at most (413 beyond)
 */
public record Limits(int maxConnections, Duration requestTimeout, Duration handleTimeout, int maxHeaderBytes,
                     int maxBodyBytes) {

    /** 64 connections, 5 s to send a request, 30 s to handle it, 8 KiB of headers, 4 KiB of body. */
    public static final Limits DEFAULT = new Limits(64, Duration.ofSeconds(5), Duration.ofSeconds(30), 8192, 4096);

    public Limits {
        if (maxConnections < 1 || maxHeaderBytes < 64 || maxBodyBytes < 0 || requestTimeout.isNegative()
                || requestTimeout.isZero() || handleTimeout.isNegative() || handleTimeout.isZero()) {
            throw new IllegalArgumentException("bad HTTP limits " + this);
        }
    }
}
