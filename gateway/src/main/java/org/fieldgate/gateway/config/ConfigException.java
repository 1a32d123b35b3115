package org.fieldgate.gateway.config;

import java.util.List;

/** A config file that cannot be used; {@link #problems()} lists everything wrong with it. */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(describe(file, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order of discovery; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String file, List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder("invalid config ").append(file).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        for (ConfigProblem p : problems) {
            text.append(System.lineSeparator()).append("  ").append(p);
        }
        return text.toString();
    }
}
