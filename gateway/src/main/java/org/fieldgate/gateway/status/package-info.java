/**
 * The status API ({@code /healthz}, {@code /api/status}, {@code POST /api/ack}): the report, its
 * text form for {@code fieldgate status}, the token and origin checks. Docs: {@code
 * docs/status-api.md}.
 *
 * <p>May import: gateway.config, gateway.rules.seismic, gateway.status.http, gateway.supervision.
 */
package org.fieldgate.gateway.status;
