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
 */
public record StatusSection(HostPort bind, boolean portFallback, Path tokenFile) {

    /** The token beside the store. */
    public StatusSection(HostPort bind, boolean portFallback) {
        this(bind, portFallback, null);
    }
}
