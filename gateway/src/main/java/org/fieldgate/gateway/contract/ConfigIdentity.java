package org.fieldgate.gateway.contract;

import java.util.Objects;

/**
 * Which config a gateway runs, as birth, health and status show it: {@code "config":{"version":3,
 * "hash":"sha256:…","source":"remote"}}.
 *
 * @param version 0 for the technician's local file, else the number of the remote version
 * @param hash    {@code sha256:} and the hex SHA-256 of the config's text
 * @param source  {@code local} (the file given to {@code fieldgate run}) or {@code remote} (sent by a
 *                {@code config} command)
 */
public record ConfigIdentity(int version, String hash, String source) {

    public ConfigIdentity {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(source, "source");
    }

    /** Of a config that came from no file (tests, tools). */
    public static final ConfigIdentity UNKNOWN = new ConfigIdentity(0, "sha256:unknown", "local");
}
