package org.fieldgate.gateway.commands;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a command's JSON with bounds: at most {@link #MAX_BYTES} (a whole config fits many times),
 * nesting at most 32 deep, only the keys of the contract. Never throws on any input: what is not a
 * command is a {@link Parsed} with the reason (and the id, when one could be read, so the sender
 * gets a reply).
 */
public final class CommandParser {

    /** The largest command read; a bigger payload is refused unread. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Ids travel in a topic level and in file names: a safe alphabet, bounded. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> KEYS = Set.of("v", "id", "t", "args", "sig");

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                .maxStringLength(MAX_BYTES).maxNumberLength(32).build());
    }

    /** A command, or why not (with the id when one was readable, else null). */
    public record Parsed(Command command, String id, String reason) {
        public boolean ok() {
            return command != null;
        }
    }

    private CommandParser() {
    }

    public static Parsed parse(String name, byte[] payload) {
        if (payload.length > MAX_BYTES) {
            return refused(null, "too large: " + payload.length + " bytes (at most " + MAX_BYTES + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return refused(null, "not JSON");
        }
        if (root == null || !root.isObject()) {
            return refused(null, "not a JSON object");
        }
        String id = root.path("id").isTextual() && ID.matcher(root.get("id").textValue()).matches()
                ? root.get("id").textValue() : null;
        if (id == null) {
            return refused(null, "id: required, 1 to 64 of A-Z a-z 0-9 . _ : -");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                return refused(id, key + ": unknown key (a command has v, id, t, args, sig)");
            }
        }
        if (!root.path("v").isIntegralNumber() || !root.get("v").canConvertToLong() || root.get("v").longValue() != 1) {
            return refused(id, "v: must be 1");
        }
        if (!root.path("t").isIntegralNumber() || !root.get("t").canConvertToLong()) {
            return refused(id, "t: required, ms since the epoch");
        }
        JsonNode args = root.get("args");
        if (args != null && !args.isObject() && !args.isNull()) {
            return refused(id, "args: must be an object");
        }
        JsonNode sig = root.get("sig");
        if (sig != null && !sig.isTextual() && !sig.isNull()) {
            return refused(id, "sig: must be base64 text");
        }
        ObjectNode a = args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) args;
        return new Parsed(new Command(name, id, root.get("t").longValue(), a,
                sig == null || sig.isNull() ? null : sig.textValue()), id, null);
    }

    private static Parsed refused(String id, String reason) {
        return new Parsed(null, id, reason);
    }
}
