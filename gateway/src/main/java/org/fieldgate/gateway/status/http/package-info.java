/**
 * A small HTTP/1.1 server on one selector thread with a bounded worker pool and request timeouts (a
 * slow client cannot block {@code /healthz}).
 *
 * <p>May import: gateway.supervision.
 */
package org.fieldgate.gateway.status.http;
