/**
 * {@code fieldgate-provision}, the technician's tool: {@code init} (a site's config from a
 * template), {@code identity} and {@code install-cert} (the gateway's key and certificate),
 * {@code selftest} (one table saying whether the site works), and the gateway's {@code probe} and
 * {@code ports}. The Debian package is built from {@code src/deb} (docs/service.md).
 *
 * <p>May import: gateway.cli, provisioning.identity, provisioning.init, provisioning.selftest.
 */
package org.fieldgate.provisioning;
