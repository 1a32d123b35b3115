package org.fieldgate.gateway.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the serial ports of this machine under a {@code /dev} folder: stable names first
 * ({@code serial/by-id/*}, the Pi's {@code serial0}/{@code serial1}), then the kernel's device nodes
 * not already named, and which processes hold each one open (from {@code /proc/PID/fd}, for the
 * processes we may look at).
 */
final class SerialPortScan {

    /** Kernel names of serial devices worth showing, in the order shown. */
    private static final List<Pattern> NODES = List.of(
            Pattern.compile("ttyUSB\\d+"), Pattern.compile("ttyACM\\d+"), Pattern.compile("ttyAMA\\d+"),
            Pattern.compile("ttyXRUSB\\d+"), Pattern.compile("ttyCH343USB\\d+"), Pattern.compile("ttyS0"),
            Pattern.compile("ttyTHS\\d+"));
    private static final List<String> ALIASES = List.of("serial0", "serial1");

    /**
     * One port.
     *
     * @param path   the name to use in a config
     * @param target the device node a link points to, or null when {@code path} is the node
     * @param users  processes holding it open, as {@code 812 (java)}
     */
    record Port(Path path, Path target, List<String> users) {
    }

    private final Path dev;
    private final Path proc;

    SerialPortScan(Path dev, Path proc) {
        this.dev = dev;
        this.proc = proc;
    }

    List<Port> scan() {
        Map<Path, List<String>> users = openDevices();
        List<Port> ports = new ArrayList<>();
        Set<Path> named = new LinkedHashSet<>();
        List<Path> links = new ArrayList<>(sorted(dev.resolve("serial").resolve("by-id"), null));
        for (String alias : ALIASES) {
            if (Files.isSymbolicLink(dev.resolve(alias))) {
                links.add(dev.resolve(alias));
            }
        }
        for (Path link : links) {
            Path target = real(link);
            if (target == null) {
                continue; // a dangling link: the device is gone
            }
            named.add(target);
            ports.add(new Port(link, target, users.getOrDefault(target, List.of())));
        }
        for (Pattern node : NODES) {
            for (Path p : sorted(dev, node)) {
                Path real = real(p);
                if (real != null && !Files.isSymbolicLink(p) && named.add(real)) {
                    ports.add(new Port(p, null, users.getOrDefault(real, List.of())));
                }
            }
        }
        return ports;
    }

    /** Entries of {@code dir} (matching {@code name} when given), in natural order (ttyUSB2 before ttyUSB10). */
    private static List<Path> sorted(Path dir, Pattern name) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (name == null || name.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort((a, b) -> naturalKey(a.getFileName().toString()).compareTo(naturalKey(b.getFileName().toString())));
        return found;
    }

    private static String naturalKey(String name) {
        Matcher m = Pattern.compile("\\d+").matcher(name);
        StringBuilder key = new StringBuilder();
        int last = 0;
        while (m.find()) {
            key.append(name, last, m.start()).append(String.format("%010d", Long.parseLong(m.group().length() > 18
                    ? m.group().substring(0, 18) : m.group())));
            last = m.end();
        }
        return key.append(name.substring(last)).toString();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** Device node → processes that hold it open, for every process whose fds we may read. */
    private Map<Path, List<String>> openDevices() {
        Map<Path, List<String>> users = new HashMap<>();
        for (Path pid : sorted(proc, Pattern.compile("\\d+"))) {
            List<Path> fds = sorted(pid.resolve("fd"), null);
            Set<Path> held = new LinkedHashSet<>();
            for (Path fd : fds) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.isAbsolute()) {
                        Path real = real(target);
                        held.add(real != null ? real : target);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // not ours to read, or gone meanwhile
                }
            }
            if (held.isEmpty()) {
                continue;
            }
            String who = pid.getFileName() + commandName(pid);
            held.forEach(t -> users.computeIfAbsent(t, k -> new ArrayList<>()).add(who));
        }
        return users;
    }

    private static String commandName(Path pid) {
        try (Stream<String> lines = Files.lines(pid.resolve("comm"))) {
            return lines.findFirst().map(c -> " (" + c.strip() + ")").orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
