package org.fieldgate.gateway.commands;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * How a command ended, as its reply says: {@code status} and a {@code detail} (a JSON value).
 *
 * @param status     {@code accepted}, {@code done}, {@code rejected}, {@code failed} or {@code rolled_back}
 * @param detailJson the detail as JSON text (a string or an object)
 * @param afterReply what to do once the reply is recorded (a config switch must not close the gateway
 *                   before its {@code accepted} is in the store), or null
 */
public record Outcome(String status, String detailJson, Runnable afterReply) {

    public Outcome(String status, String detailJson) {
        this(status, detailJson, null);
    }

    /** This outcome, with {@code next} to run once its reply is recorded. */
    public Outcome then(Runnable next) {
        return new Outcome(status, detailJson, next);
    }

    public static Outcome done(String detailJson) {
        return new Outcome("done", detailJson);
    }

    public static Outcome doneText(String text) {
        return new Outcome("done", quoted(text));
    }

    public static Outcome accepted(String text) {
        return new Outcome("accepted", quoted(text));
    }

    public static Outcome rejected(String text) {
        return new Outcome("rejected", quoted(text));
    }

    public static Outcome failed(String text) {
        return new Outcome("failed", quoted(text));
    }

    public static Outcome rolledBack(String text) {
        return new Outcome("rolled_back", quoted(text));
    }

    /** {@code text} as a JSON string. */
    public static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
