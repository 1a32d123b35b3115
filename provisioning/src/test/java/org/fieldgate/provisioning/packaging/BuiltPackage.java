package org.fieldgate.provisioning.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The package and the jar {@code mvn package} built in {@code provisioning/target}, and the commands run on them. */
final class BuiltPackage {

    static final Path TARGET = Path.of("target");

    private BuiltPackage() {
    }

    /** The newest {@code fieldgate_*_all.deb} (a snapshot build's name has its time). */
    static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("fieldgate_.*_all\\.deb"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no fieldgate_*_all.deb in " + TARGET.toAbsolutePath()
                            + ": run mvn package"));
        }
    }

    /** The runtime jar the package installs as /usr/share/fieldgate/fieldgate.jar. */
    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("fieldgate-provisioning-.*-all\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no -all.jar in " + TARGET.toAbsolutePath()));
        }
    }

    /** A command's exit code and its output (stdout and stderr together). */
    record Run(int code, String output) {
        @Override
        public String toString() {
            return "exit " + code + ":\n" + output;
        }
    }

    static Run run(Path dir, String... command) throws IOException {
        return run(dir, 600, List.of(command));
    }

    static Run run(Path dir, int timeoutSeconds, List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir == null ? null : dir.toFile())
                .redirectErrorStream(true).start();
        // read while it runs: apt prints more than a pipe holds
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
