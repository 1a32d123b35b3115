package org.fieldgate.gateway.runtime;

/**
 * A {@code config} command's request to run another version (already written and checked).
 *
 * @param version   the version to run
 * @param commandId the command, answered when probation ends
 * @param by        who sent it ({@code central:<key>})
 * @param at        when it was accepted, ms
 * @param probation the new version's own probation (it is the one judged by it)
 */
record ConfigSwitch(int version, String commandId, String by, long at, java.time.Duration probation) {
}
