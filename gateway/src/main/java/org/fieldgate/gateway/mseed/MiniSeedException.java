package org.fieldgate.gateway.mseed;

/** A miniSEED record or its Steim-2 data is malformed or cannot be represented. */
public class MiniSeedException extends RuntimeException {
    public MiniSeedException(String message) {
        super(message);
    }
}
