package org.fieldgate.gateway.config;

import java.nio.file.Path;

/**
 * {@code storage:} the durable outbox.
 *
 * @param path    SQLite file (relative paths are resolved against the config file's folder)
 * @param maxSize budget in bytes
 */
public record StorageSection(Path path, long maxSize) {
}
