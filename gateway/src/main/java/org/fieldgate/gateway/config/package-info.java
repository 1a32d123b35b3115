/**
 * The YAML config: reading it (with errors that name the file, key and line), validating it, and
 * the plain records it becomes. Each default is written here, once. Schema: {@code
 * config/fieldgate.schema.json}.
 *
 * <p>May import: drivers, gateway.aqi, gateway.broker.auth, gateway.mseed, gateway.signing.
 */
package org.fieldgate.gateway.config;
