package org.fieldgate.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a Jackson tree, recording the line of every key and list element in
 * {@link Problems} (Jackson's own tree keeps no locations) and reporting duplicate keys, which
 * YAML would otherwise resolve silently to the last one.
 *
 * <p>The file is read by {@link ConfigText} (1 MB cap, strict UTF-8), checked for anchors and
 * aliases by {@link YamlAnchors}, and parsed with SnakeYAML's and Jackson's limits set to match.
 */
final class YamlTree {

    /** Deeper than any config (sensors[0].waveform.x is 4); far below a stack overflow. */
    static final int MAX_DEPTH = 64;

    private static final LoaderOptions LIMITS = loaderOptions();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(LIMITS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(ConfigText.MAX_BYTES)
                    .maxStringLength(ConfigText.MAX_BYTES)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Problems problems;

    private YamlTree(Problems problems) {
        this.problems = problems;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(ConfigText.MAX_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(1); // aliases are refused anyway (YamlAnchors)
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** The file's tree, or null after adding one problem naming the file. */
    static JsonNode read(Path file, Problems problems) {
        String name = file.toString();
        if (!Files.exists(file)) {
            problems.add(name, null, "file not found");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(name, null, "not a regular file");
            return null;
        }
        try {
            String text = ConfigText.read(file, problems);
            if (text == null || !YamlAnchors.none(text, name, LIMITS, MAX_DEPTH, problems)) {
                return null;
            }
            return parse(name, text, problems);
        } catch (NoSuchFileException e) {
            problems.add(name, null, "file not found");
        } catch (AccessDeniedException e) {
            problems.add(name, null, "cannot read file (permission denied)");
        } catch (IOException e) {
            problems.add(name, null, "cannot read file: " + e.getMessage());
        }
        return null;
    }

    private static JsonNode parse(String name, String text, Problems problems) throws IOException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(name, null, "file is empty");
                return null;
            }
            JsonNode root = new YamlTree(problems).value(parser, "");
            if (parser.nextToken() != null) {
                problems.add(name, parser.currentTokenLocation().getLineNr(),
                        "holds more than one YAML document; a config is one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
            if (e.getCause() instanceof MarkedYAMLException y && y.getProblem() != null) {
                // SnakeYAML's problem ("expected ',' or ']'") says more than its context line
                line = y.getProblemMark() != null ? y.getProblemMark().getLine() + 1 : line;
                problems.add(name, line, "not valid YAML: " + y.getProblem()
                        + (y.getContext() != null ? " (" + y.getContext() + ")" : ""));
                return null;
            }
            problems.add(name, line != null && line > 0 ? line : null, "not valid YAML: " + firstLine(e));
        }
        return null;
    }

    private static String firstLine(JsonProcessingException e) {
        String text = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(text);
    }

    /** Builds the value whose first token is current, leaving the parser on its last token. */
    private JsonNode value(JsonParser p, String path) throws IOException {
        problems.line(path, p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String keyPath = Problems.child(path, key);
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    if (object.has(key)) {
                        problems.add(keyPath, keyLine, "key given twice (also at line "
                                + problems.lineOf(keyPath) + ")");
                        value(p, keyPath + "#dup");
                        continue;
                    }
                    problems.line(keyPath, keyLine);
                    object.set(key, value(p, keyPath));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p, Problems.element(path, i++)));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.textNode(p.getText());
        }
    }
}
