package org.fieldgate.gateway.config;

/**
 * One thing wrong with a config file.
 *
 * @param path    where, as {@code path.to.key} with list indexes ({@code sensors[1].every}); the
 *                file name for problems with the file itself (missing, unreadable, bad YAML)
 * @param line    1-based line in the file, or null when unknown
 * @param message what is wrong, readable by a technician
 */
public record ConfigProblem(String path, Integer line, String message) {

    /** {@code path.to.key: what is wrong (line N)}. */
    @Override
    public String toString() {
        String text = path == null || path.isEmpty() ? message : path + ": " + message;
        return line == null ? text : text + " (line " + line + ")";
    }
}
