package org.fieldgate.gateway.supervision;

/**
 * One supervised part as the status API shows it.
 *
 * @param name      the part ({@code uplink}, {@code status-http}, {@code pipeline-flush}, {@code outputs},
 *                  {@code broker}, {@code driver-<sensor>})
 * @param restarts  how often it was restarted (or, for a scheduled part, how often a tick failed)
 * @param lastError the class and message of its last failure ({@link ErrorText}), or null
 */
public record PartStatus(String name, PartState state, long restarts, String lastError) {
}
