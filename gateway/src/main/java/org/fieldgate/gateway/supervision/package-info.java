/**
 * Keeps long-lived parts alive: restarts with backoff, declares a part dead, and reports each
 * part's state for health and status.
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.supervision;
