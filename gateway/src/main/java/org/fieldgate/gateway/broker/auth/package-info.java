/**
 * The broker's password file (mosquitto's hashed format).
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.gateway.broker.auth;
