/**
 * The bounded local history the crews' page draws: per-minute min/mean/max of every scalar channel,
 * kept in day files beside the store under a fixed disk budget, written a few times an hour. Docs:
 * {@code docs/status-page.md}.
 * <p>May import: drivers, gateway.status.
 */
package org.fieldgate.gateway.history;
