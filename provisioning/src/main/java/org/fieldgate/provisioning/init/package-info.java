/**
 * {@code fieldgate-provision init}: a site's config from a template (water, seismic, air), asked for
 * on a terminal or given by flags, always passing {@code fieldgate check}.
 *
 * <p>May import: drivers, gateway.config.
 */
package org.fieldgate.provisioning.init;
