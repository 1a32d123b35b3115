package org.fieldgate.gateway.uplink;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.paho.client.mqttv3.MqttException;

/** How a failed connect or publish reads in the log and in {@code lastError}: the cause, not its wrappers. */
final class FailureText {

    private FailureText() {
    }

    static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        if (cause instanceof MqttException && cause.getCause() != null && cause.getCause() != cause) {
            return message + ": " + describe(cause.getCause()); // Paho's own text alone says little
        }
        return message;
    }
}
