/**
 * The gateway's identity: {@code fieldgate-provision identity} (its EC P-256 key, made on the
 * device, and a certificate request) and {@code install-cert} (the CA's answer, checked against
 * the key and {@code tls.ca}, then named in the config).
 *
 * <p>May import: drivers, gateway.config, gateway.store.
 */
package org.fieldgate.provisioning.identity;
