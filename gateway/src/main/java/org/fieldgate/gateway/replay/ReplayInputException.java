package org.fieldgate.gateway.replay;

/**
 * A recording (or its combination with the config) that cannot be replayed. The message starts with
 * {@code FILE:LINE:COLUMN: } (1-based) when the fault has a place in a file.
 */
public final class ReplayInputException extends Exception {

    public ReplayInputException(String message) {
        super(message);
    }

    /** A fault at {@code file:line:column}. */
    public static ReplayInputException at(String file, int line, int column, String what) {
        return new ReplayInputException(file + ":" + line + ":" + column + ": " + what);
    }
}
