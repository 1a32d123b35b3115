package org.fieldgate.gateway.config;

import java.time.Duration;

/**
 * The quality gate of one scalar channel ({@code quality_gate: { <channel>: {…} }} on a sensor):
 * what makes a reading {@code suspect} before rules and the store see it (docs/sea-level.md,
 * Quality gate). Every check is optional (null = off).
 *
 * @param min   a reading below is out of range
 * @param max   a reading above is out of range
 * @param spike a reading further than this from the median of the channel's previous five readings is a spike
 * @param flat  readings that have not changed at all for this long are a stuck sensor
 * @param gap   a longer silence between readings is counted as a gap (the reading after it stays ok)
 */
public record QualityGateConfig(Double min, Double max, Double spike, Duration flat, Duration gap) {
}
