/**
 * Whether the system clock can be trusted to stamp readings (synced or not, and why).
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.clock;
