package org.fieldgate.gateway.outputs;

import java.util.List;

/**
 * One local output as it is now, for the status report.
 *
 * @param ready   its pin is open (false: no GPIO yet, or a failed open retried every 30 s)
 * @param on      its pin is at the "on" level now (a pattern blinks it on and off)
 * @param testing a crew's test holds it on
 * @param rules   the rules that drive it
 * @param error   why its pin is not open, or null
 */
public record OutputState(String id, boolean ready, boolean on, boolean testing, List<String> rules, String error) {
}
