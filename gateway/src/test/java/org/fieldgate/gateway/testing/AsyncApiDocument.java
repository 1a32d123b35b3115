package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/asyncapi.yaml} as the tests use it: whether it is an AsyncAPI 3.0 document (against
 * the specification's own JSON Schema), which channel a topic belongs to, and whether a payload is
 * one of that channel's messages (its JSON Schema; a binary content type by its own check).
 */
public final class AsyncApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory DRAFT7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static volatile AsyncApiDocument shared;

    /** A channel: its address as a pattern and its messages (name → message, refs resolved). */
    private record Channel(String name, Pattern address, Map<String, JsonNode> messages, Map<String, JsonSchema> schemas) {
    }

    private final JsonNode document;
    private final List<Channel> channels = new ArrayList<>();

    private AsyncApiDocument(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            Map<String, JsonNode> messages = new LinkedHashMap<>();
            Map<String, JsonSchema> schemas = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> m = c.getValue().path("messages").fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> e = m.next();
                JsonNode message = resolve(e.getValue());
                messages.put(e.getKey(), message);
                if (!message.has("contentType")) {
                    schemas.put(e.getKey(), DRAFT7.getSchema(message.path("payload")));
                }
            }
            channels.add(new Channel(c.getKey(), address(c.getValue().path("address").asText()), messages, schemas));
        }
    }

    /** The project's document ({@code ../docs/asyncapi.yaml} from the gateway module), read once. */
    public static AsyncApiDocument shared() {
        AsyncApiDocument d = shared;
        if (d == null) {
            try {
                d = new AsyncApiDocument(new YAMLMapper().readTree(Files.readString(path())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path() + ": " + e.getMessage(), e);
            }
            shared = d;
        }
        return d;
    }

    public static Path path() {
        return Path.of("..", "docs", "asyncapi.yaml");
    }

    /** What the AsyncAPI 3.0.0 JSON Schema says of the document: empty when it is a valid one. */
    public List<String> specificationProblems() throws IOException {
        try (InputStream in = AsyncApiDocument.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            JsonSchema spec = DRAFT7.getSchema(in);
            return spec.validate(document).stream().map(ValidationMessage::getMessage).toList();
        }
    }

    /** Every channel's name. */
    public Set<String> channelNames() {
        Set<String> names = new java.util.TreeSet<>();
        channels.forEach(c -> names.add(c.name()));
        return names;
    }

    /** The channel of {@code topic}, or null when none of the contract's addresses matches it. */
    public String channelOf(String topic) {
        Channel c = channel(topic);
        return c == null ? null : c.name();
    }

    /**
     * The channel whose address matches {@code topic} with the shortest root: the root may hold '/',
     * so {@code ews/gw1/cmd/selftest} also reads as root {@code ews/gw1}, gateway {@code cmd}.
     */
    private Channel channel(String topic) {
        Channel best = null;
        int bestRoot = Integer.MAX_VALUE;
        for (Channel c : channels) {
            Matcher m = c.address().matcher(topic);
            if (m.matches() && m.group(1).length() < bestRoot) {
                best = c;
                bestRoot = m.group(1).length();
            }
        }
        return best;
    }

    /**
     * Why {@code payload} is none of the messages of {@code topic}'s channel, or null when it is one
     * of them (or the topic is not the contract's).
     */
    public String problem(String topic, byte[] payload) {
        Channel channel = channel(topic);
        if (channel == null) {
            return null;
        }
        List<String> why = new ArrayList<>();
        for (Map.Entry<String, JsonNode> m : channel.messages().entrySet()) {
            String contentType = m.getValue().path("contentType").asText(null);
            if (contentType == null) {
                JsonNode json;
                try {
                    json = payload.length == 0 ? null : JSON.readTree(payload);
                } catch (IOException e) {
                    json = null;
                }
                if (json == null) {
                    why.add(m.getKey() + ": not JSON");
                    continue;
                }
                Set<ValidationMessage> errors = channel.schemas().get(m.getKey()).validate(json);
                if (errors.isEmpty()) {
                    return null;
                }
                why.add(m.getKey() + ": " + errors.stream().map(ValidationMessage::getMessage).sorted().toList());
            } else if (contentType.equals("application/octet-stream") && payload.length == 0) {
                return null; // an empty message where the channel has one (alarmRemoved)
            } else if (contentType.equals("application/vnd.fdsn.mseed") && miniseed(payload)) {
                return null;
            } else {
                why.add(m.getKey() + ": not " + contentType);
            }
        }
        return "channel " + channel.name() + ", topic " + topic + ": " + String.join("; ", why) + " in "
                + new String(payload, 0, Math.min(payload.length, 300), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whole miniSEED 2 records: a 6-digit sequence number and a quality code at the start of each 512. */
    private static boolean miniseed(byte[] b) {
        if (b.length == 0 || b.length % 512 != 0) {
            return false;
        }
        for (int at = 0; at < b.length; at += 512) {
            for (int i = 0; i < 6; i++) {
                if ((b[at + i] < '0' || b[at + i] > '9') && b[at + i] != ' ') {
                    return false;
                }
            }
            if ("DRQM".indexOf(b[at + 6]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code {root}/{gw}/telemetry/{sensor}}: the root may hold '/', every other parameter is one level. */
    private static Pattern address(String address) {
        Matcher m = Pattern.compile("\\{([a-z]+)\\}").matcher(address);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(address.substring(last, m.start())));
            regex.append(m.group(1).equals("root") ? "(.+)" : "[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(address.substring(last))).append('$');
        return Pattern.compile(regex.toString());
    }

    /** A deep copy of {@code node} with every {@code #/...} $ref replaced by what it points to. */
    private JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            return resolve(document.at(node.get("$ref").asText().substring(1)));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(resolve(n)));
            return copy;
        }
        return node;
    }
}
