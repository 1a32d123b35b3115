package org.fieldgate.gateway.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One command as received on {@code R/G/cmd/{name}}:
 * {@code {"v":1,"id":"…","t":ms,"args":{…},"sig":"…"}}.
 *
 * @param name the command name (the topic's last level)
 * @param id   the sender's id for it, unique forever ({@code [A-Za-z0-9._:-]}, at most 64)
 * @param t    when it was signed, ms since the epoch
 * @param args its arguments (an empty object when absent)
 * @param sig  the Ed25519 signature in base64, or null when unsigned
 */
public record Command(String name, String id, long t, ObjectNode args, String sig) {

    /** A text argument, or null. */
    public String text(String key) {
        return args.hasNonNull(key) && args.get(key).isTextual() ? args.get(key).textValue() : null;
    }
}
