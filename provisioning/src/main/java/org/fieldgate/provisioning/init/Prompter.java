package org.fieldgate.provisioning.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Asks one question at a time on a terminal: the default in brackets (Enter takes it), the answer
 * checked at once and the question asked again with what was wrong.
 */
final class Prompter {

    private final BufferedReader in;
    private final PrintWriter out;

    Prompter(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /**
     * @param check turns the text into the value or throws {@link IllegalArgumentException} saying
     *              what is wrong
     * @param def   the default (shown, taken on an empty answer), or null when an answer is required
     */
    <T> T ask(String question, String def, Function<String, T> check) throws IOException {
        while (true) {
            out.print(question + (def == null ? "" : " [" + def + "]") + ": ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IOException("input ended before '" + question + "' was answered");
            }
            line = line.strip();
            if (line.isEmpty() && def != null) {
                line = def;
            }
            if (line.isEmpty()) {
                out.println("  an answer is needed");
                continue;
            }
            try {
                return check.apply(line);
            } catch (IllegalArgumentException e) {
                out.println("  " + e.getMessage());
            }
        }
    }
}
