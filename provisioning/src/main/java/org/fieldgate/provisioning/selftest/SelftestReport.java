package org.fieldgate.provisioning.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.fieldgate.gateway.cli.TerminalText;

/**
 * The selftest's result: a table narrow enough for a phone over SSH (one line per check, the fix
 * indented under a failure), or JSON for tools ({@code {"passed":bool,"checks":[…]}}).
 */
record SelftestReport(List<Check> checks) {

    SelftestReport {
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return checks.stream().noneMatch(Check::failed);
    }

    String table() {
        int width = Math.min(28, checks.stream().mapToInt(c -> c.name().length()).max().orElse(4));
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            String result = c.result() == Check.Result.SKIP ? "--  " : c.result().name();
            out.append(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s%n", result,
                    TerminalText.escape(c.name()), TerminalText.escape(c.detail())));
            if (c.failed() && !c.fix().isEmpty()) {
                out.append("      fix: ").append(TerminalText.escape(c.fix())).append('\n');
            }
        }
        long failed = checks.stream().filter(Check::failed).count();
        out.append(failed == 0 ? "\nALL PASSED: the site is ready.\n"
                : String.format(Locale.ROOT, "%n%d OF %d FAILED: see the fixes above.%n", failed, checks.size()));
        return out.toString();
    }

    String json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("passed", passed());
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode n = list.addObject();
            n.put("name", c.name());
            n.put("result", c.result().name().toLowerCase(Locale.ROOT));
            n.put("detail", c.detail());
            if (!c.fix().isEmpty()) {
                n.put("fix", c.fix());
            }
        }
        return root.toPrettyString();
    }
}
