package org.fieldgate.gateway.config;

import java.nio.file.Path;

/**
 * {@code status:} the local status API.
 *
 * @param bind         {@code status.http.bind}, {@code host:port}
 * @param portFallback {@code status.http.port_fallback}: when the port is taken, listen on a free
 *                     port instead of failing
 * @param tokenFile    {@code status.token_file}: the API token of the actions (ack); null = {@code
 *                     api.token} beside the store
 * @param crewPinFile  {@code status.crew_pin_file}: the field crews' PIN, hashed ({@code fieldgate
 *                     crew-pin}), which the status page's actions (acknowledge, silence) ask for;
 *                     null = the page is read-only
 */
public record StatusSection(HostPort bind, boolean portFallback, Path tokenFile, Path crewPinFile) {

    /** The token beside the store. */
    public StatusSection(HostPort bind, boolean portFallback) {
        this(bind, portFallback, null, null);
    }

    /** No crew PIN. */
    public StatusSection(HostPort bind, boolean portFallback, Path tokenFile) {
        this(bind, portFallback, tokenFile, null);
    }
}
