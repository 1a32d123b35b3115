package org.fieldgate.gateway.store;

/** The store could not do what was asked; the message names the file and the operation. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
