package org.fieldgate.gateway.remoteconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.drivers.StateFile;
import org.fieldgate.gateway.contract.ConfigIdentity;

/**
 * The config versions of one gateway, in a folder next to its store: {@code 0001.yaml},
 * {@code 0002.yaml}… (what central sent, each checked before it was written) and {@code state}
 * (which one runs, which ran before, and the probation in progress). Version 0 is the technician's
 * local file.
 *
 * <p>Which wins: the version {@code state} names, as long as the local file is the one it was when
 * that version was applied; a technician who edits the local file after that takes the site back
 * (the last change wins, whoever made it). Every change is one atomic write of {@code state}
 * ({@link StateFile}): a crash leaves the state before or after it, never between.
 */
public final class ConfigVersions {

    private static final Pattern VERSION_FILE = Pattern.compile("(\\d{4,})\\.yaml");

    /** The config to run now. */
    public record Effective(Path file, String text, ConfigIdentity identity) {
        public boolean remote() {
            return identity.version() > 0;
        }
    }

    /**
     * A probation in progress.
     *
     * @param version   the version on probation
     * @param previous  the version to go back to (0: the local file)
     * @param until     when probation ends, ms since the epoch
     * @param commandId the {@code config} command that asked for it
     */
    public record Probation(int version, int previous, long until, String commandId) {
    }

    private final Path dir;
    private final Path localFile;
    private final Path stateFile;

    private ConfigVersions(Path dir, Path localFile) {
        this.dir = dir;
        this.localFile = localFile;
        this.stateFile = dir.resolve("state");
    }

    /** @param dir the versions folder (created when first written) */
    public static ConfigVersions open(Path dir, Path localFile) {
        return new ConfigVersions(dir, localFile);
    }

    public Path dir() {
        return dir;
    }

    /** The folder relative paths of every version resolve against: the local file's. */
    public Path baseDir() {
        return localFile.toAbsolutePath().getParent();
    }

    /**
     * The config to run: the version in force, or the local file when none is, or when the local
     * file changed since that version was applied (then the state is brought back to the local file).
     */
    public synchronized Effective effective() throws IOException {
        String local = Files.readString(localFile, StandardCharsets.UTF_8);
        Map<String, String> s = state();
        int running = number(s.get("running"));
        if (running > 0) {
            if (!sha256(local).equals(s.get("local")) || !Files.isRegularFile(versionFile(running))) {
                back("0", Files.isRegularFile(versionFile(running))
                        ? "the local file changed after remote version " + running + " was applied"
                        : "remote version " + running + " is missing", null);
            } else {
                Path file = versionFile(running);
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new Effective(file, text, new ConfigIdentity(running, sha256(text), "remote"));
            }
        }
        return new Effective(localFile, local, new ConfigIdentity(0, sha256(local), "local"));
    }

    /** Why the last switch back to the local file happened, or null. */
    public synchronized String lastWhy() throws IOException {
        return state().get("why");
    }

    /** The probation in progress according to the state file, or null. */
    public synchronized Probation probation() throws IOException {
        Map<String, String> s = state();
        if (!s.containsKey("probation")) {
            return null;
        }
        return new Probation(number(s.get("probation")), number(s.get("previous")),
                Long.parseLong(s.getOrDefault("until", "0")), s.getOrDefault("command", ""));
    }

    /**
     * Keeps {@code yaml} as the next version (checked by the caller) and returns its number; the
     * file is complete on disk before this returns, and nothing runs it yet.
     */
    public synchronized int write(String yaml) throws IOException {
        Files.createDirectories(dir);
        int next = 1;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = VERSION_FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
                }
            }
        }
        StateFile.write(versionFile(next), yaml);
        return next;
    }

    /** A file to check a candidate config in before it becomes a version. */
    public Path candidate(String yaml) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("candidate.yaml");
        StateFile.write(file, yaml);
        return file;
    }

    /**
     * Makes {@code version} the running one on probation until {@code until}, for {@code commandId}.
     * The local file as it is now is what this version overrides (the last change wins).
     */
    public synchronized void beginProbation(int version, long until, String commandId) throws IOException {
        Map<String, String> s = state();
        int running = number(s.get("running"));
        Map<String, String> next = new LinkedHashMap<>();
        next.put("running", String.valueOf(version));
        next.put("previous", String.valueOf(running));
        next.put("local", sha256(Files.readString(localFile, StandardCharsets.UTF_8)));
        next.put("probation", String.valueOf(version));
        next.put("until", String.valueOf(until));
        next.put("command", commandId);
        write(next);
    }

    /** The version on probation proved itself: it stays. */
    public synchronized void commit() throws IOException {
        Map<String, String> s = state();
        s.remove("probation");
        s.remove("until");
        s.remove("command");
        s.remove("why");
        write(s);
    }

    /**
     * Back to the version that ran before the probation (0: the local file), in the same write
     * noting that {@code commandId} is owed a {@code rolled_back} reply ({@link #takeAnswer}), so a
     * crash before the reply is sent does not lose it.
     */
    public synchronized void rollBack(String why, String commandId) throws IOException {
        back(state().getOrDefault("previous", "0"), why, commandId);
    }

    /** To the local file, whatever ran (a version that can no longer be loaded); see {@link #rollBack}. */
    public synchronized void fallBackToLocal(String why, String commandId) throws IOException {
        back("0", why, commandId);
    }

    /** Runs version {@code to} from now on, saying why, and noting the reply {@code commandId} (or null) is owed. */
    private void back(String to, String why, String commandId) throws IOException {
        Map<String, String> s = state();
        Map<String, String> next = new LinkedHashMap<>();
        next.put("running", to);
        next.put("previous", s.getOrDefault("running", "0"));
        if (s.containsKey("local")) {
            next.put("local", s.get("local"));
        }
        next.put("why", why);
        if (commandId != null && !commandId.isEmpty()) {
            next.put("answer", commandId);
        }
        write(next);
    }

    /** A command owed a {@code rolled_back} reply, and why. */
    public record Answer(String commandId, String why) {
    }

    /** The command owed a {@code rolled_back} reply, or null; call {@link #answered} once it is recorded. */
    public synchronized Answer takeAnswer() throws IOException {
        Map<String, String> s = state();
        return s.containsKey("answer") ? new Answer(s.get("answer"), s.getOrDefault("why", "")) : null;
    }

    /** The owed reply is in the store. */
    public synchronized void answered() throws IOException {
        Map<String, String> s = state();
        if (s.remove("answer") != null) {
            write(s);
        }
    }

    private Path versionFile(int n) {
        return dir.resolve(String.format("%04d.yaml", n));
    }

    private Map<String, String> state() throws IOException {
        try {
            return new LinkedHashMap<>(StateFile.parse(Files.readString(stateFile, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException | IllegalArgumentException e) {
            return new LinkedHashMap<>(); // none, or damaged (it is written atomically): the local file runs
        }
    }

    private void write(Map<String, String> s) throws IOException {
        StringBuilder text = new StringBuilder();
        s.forEach((k, v) -> text.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        StateFile.write(stateFile, text.toString());
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code sha256:} and the hex SHA-256 of {@code text} (UTF-8). */
    public static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
