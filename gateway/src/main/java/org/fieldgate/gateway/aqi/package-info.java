/**
 * Air quality index tables and the derived AQI channels (NowCast, hourly and daily indices) a
 * sensor with {@code aqi:} gets. Derived channels, not alert rules. Docs: {@code docs/aqi.md}.
 *
 * <p>May import: drivers.
 */
package org.fieldgate.gateway.aqi;
