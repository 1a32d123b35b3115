package org.fieldgate.gateway.replay;

/**
 * What a replay did.
 *
 * @param readings readings fed to the pipeline (after the {@code --sensor} filter)
 * @param skipped  readings left out by the {@code --sensor} filter
 * @param alerts   alert events printed
 * @param derived  derived readings printed
 * @param firstTime time of the first reading fed, ms since the epoch (0 when none)
 * @param lastTime  time of the last reading fed, ms since the epoch (0 when none)
 */
public record ReplayResult(long readings, long skipped, long alerts, long derived, long firstTime, long lastTime) {
}
