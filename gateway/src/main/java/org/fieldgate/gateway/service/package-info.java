/**
 * The gateway as a service: the sd_notify protocol of systemd's {@code Type=notify} units (ready,
 * watchdog pings while healthy, status line, stopping). The unit file and the package are in
 * {@code provisioning/}; docs/service.md describes both.
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.service;
