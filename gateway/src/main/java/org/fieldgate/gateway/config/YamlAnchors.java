package org.fieldgate.gateway.config;

import java.util.ArrayDeque;
import java.util.Deque;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Finds YAML anchors ({@code &name}) and aliases ({@code *name}) with the key path and line of each.
 *
 * <p>Why a pass of its own over SnakeYAML's events: Jackson does not resolve an alias but hands
 * over the anchor's name as a string ({@code client_id: *gid} reads as the client id "gid"), and it
 * does not expose the anchor of a scalar value at all. A config has no need for either, so both are
 * refused. Syntax errors are left to the main parse, which reports them better.
 */
final class YamlAnchors {

    private YamlAnchors() {
    }

    /**
     * Adds one problem per anchor or alias in {@code text}; true when there was none. Stops at
     * {@code maxDepth} nested collections (the main parse reports the nesting).
     */
    static boolean none(String text, String file, LoaderOptions options, int maxDepth, Problems problems) {
        int before = problems.count();
        Parser parser = new ParserImpl(new StreamReader(text), options);
        Deque<Frame> open = new ArrayDeque<>();
        try {
            while (parser.peekEvent() != null) {
                Event e = parser.getEvent();
                if (e.is(Event.ID.StreamEnd)) {
                    break;
                }
                if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
                    open.pop();
                    continue;
                }
                if (!(e instanceof NodeEvent node)) {
                    continue;
                }
                Frame parent = open.peek();
                boolean isKey = parent != null && parent.mapping && parent.key == null;
                String path = parent == null ? "" : parent.childPath(isKey, node);
                int line = e.getStartMark().getLine() + 1;
                if (node instanceof AliasEvent) {
                    problems.add(path, line, "a YAML alias (*" + node.getAnchor() + ") is not allowed in " + file
                            + ": write the value out (it would be read as the text '" + node.getAnchor() + "')");
                } else if (node.getAnchor() != null) {
                    problems.add(path, line, "a YAML anchor (&" + node.getAnchor() + ") is not allowed in " + file
                            + ": anchors and aliases are refused, write every value out");
                }
                if (open.size() >= maxDepth) {
                    break;
                }
                if (e.is(Event.ID.MappingStart)) {
                    open.push(new Frame(path, true));
                } else if (e.is(Event.ID.SequenceStart)) {
                    open.push(new Frame(path, false));
                }
            }
        } catch (YAMLException syntaxOrLimit) {
            // reported by the main parse, with its context
        }
        return problems.count() == before;
    }

    /** An open mapping or sequence: where it is and what comes next in it. */
    private static final class Frame {
        final String path;
        final boolean mapping;
        String key; // mapping: the key whose value comes next, null while a key is expected
        int index;  // sequence: the next element's index

        Frame(String path, boolean mapping) {
            this.path = path;
            this.mapping = mapping;
        }

        /** The path of the node that has just started in this collection; advances the position. */
        String childPath(boolean isKey, NodeEvent node) {
            if (!mapping) {
                return Problems.element(path, index++);
            }
            if (isKey) {
                // a key that is not a plain scalar (a "? [a, b]" key) gets a stand-in name
                key = node instanceof ScalarEvent s ? s.getValue() : "?";
                return Problems.child(path, key);
            }
            String valuePath = Problems.child(path, key);
            key = null;
            return valuePath;
        }
    }
}
