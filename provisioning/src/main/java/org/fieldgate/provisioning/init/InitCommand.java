package org.fieldgate.provisioning.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.ConfigProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import org.fieldgate.provisioning.DefaultConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate-provision init}: writes a site's config from a template, asking on a terminal
 * (defaults, each answer checked at once) or all from flags; the result always passes
 * {@code fieldgate check}, and no file is overwritten without {@code --force}.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes this site's config from a template (water, seismic, air, sea-level).",
            "On a terminal it asks for what the flags do not give; otherwise --template and --id are needed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written, and `fieldgate check` passes", "1:cannot write", "2:bad answers or flags"})
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--template", paramLabel = "KIND", description = "water, seismic, air or sea-level.")
    String template;

    @Option(names = "--id", paramLabel = "ID", description = "Gateway id, [a-z0-9-], e.g. hn-longbien-01.")
    String id;

    @Option(names = "--site", paramLabel = "NAME", description = "Site name, e.g. \"Long Biên gauge\".")
    String site;

    @Option(names = "--lat", paramLabel = "DEG", description = "Latitude.")
    Double lat;

    @Option(names = "--lon", paramLabel = "DEG", description = "Longitude.")
    Double lon;

    @Option(names = "--broker", paramLabel = "URI", description = "A broker, ssl://host:8883 (repeat for failover).")
    List<String> brokers = new ArrayList<>();

    @Option(names = "--topic-root", paramLabel = "ROOT", defaultValue = "ews", description = "Topic root (default ${DEFAULT-VALUE}).")
    String topicRoot;

    @Option(names = "--ca", paramLabel = "FILE", description = "The brokers' CA certificate (PEM).")
    String ca;

    @Option(names = "--port", paramLabel = "PORT", description = "The sensor's serial port (default: the template's).")
    String port;

    @Option(names = "--datum", paramLabel = "M", description = "Water and sea-level: the height of the sensor face above the gauge datum, metres.")
    Double datum;

    @Option(names = "--levels", paramLabel = "I,II,III", description = "Water: flood levels BĐ I, II, III in metres.")
    String levels;

    @Option(names = "--siren-pin", paramLabel = "BCM", description = "A siren on this GPIO pin, driven by the rules.")
    Integer sirenPin;

    @Option(names = "--store", paramLabel = "FILE", defaultValue = "/var/lib/fieldgate/store.db",
            description = "The store (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--lan", description = "Open the field crews' page to the site LAN (0.0.0.0:8080).")
    boolean lan;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write (default: /etc/fieldgate/fieldgate.yaml when installed, else ./fieldgate.yaml).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    /** Whether to ask on the terminal; tests set it with their own input. */
    boolean interactive = System.console() != null;
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = out != null ? out : DefaultConfig.path();
        if (Files.exists(file) && !force) {
            err.println("init: " + file + " exists; --force overwrites it (the old one is kept as " + file
                    + ".old)");
            err.flush();
            return 2;
        }
        SiteAnswers answers;
        try {
            answers = interactive ? ask(o) : fromFlags();
        } catch (IllegalArgumentException e) {
            err.println("init: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("init: " + e.getMessage());
            err.flush();
            return 2;
        }
        Path staged;
        try {
            staged = stage(file, answers.yaml(LocalDate.now().toString()));
        } catch (IOException e) {
            err.println("init: cannot write " + file + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        List<ConfigProblem> problems = ConfigLoader.check(staged, DriverRegistry.load());
        try {
            if (!problems.isEmpty()) {
                // a template that does not pass check is our bug: say so, and leave no invalid config behind
                Files.deleteIfExists(staged);
                err.println("init: the config for " + file + " does not pass check (a fieldgate bug):");
                problems.forEach(p -> err.println("  " + p));
                err.flush();
                return 1;
            }
            replace(staged, file);
        } catch (IOException e) {
            err.println("init: cannot write " + file + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        o.println("wrote " + file + " (" + answers.template().id() + " site " + answers.id() + "); it passes"
                + " fieldgate check");
        o.println("next: fieldgate-provision identity --config " + file + "   (the gateway's key and certificate"
                + " request)");
        o.println("      fieldgate-provision selftest --config " + file);
        o.flush();
        return 0;
    }

    SiteAnswers fromFlags() {
        if (template == null || id == null) {
            throw new IllegalArgumentException("--template (" + String.join(", ", SiteTemplate.ids())
                    + ") and --id are needed when not run on a terminal");
        }
        SiteTemplate t = SiteTemplate.of(template);
        return new SiteAnswers(t, SiteAnswers.checkId(id), site, lat == null ? null : SiteAnswers.checkLat(lat),
                lon == null ? null : SiteAnswers.checkLon(lon), brokers.stream().map(SiteAnswers::checkBroker).toList(),
                topicRoot, ca == null ? null : SiteAnswers.checkCa(ca), port != null ? port : t.defaultPort(),
                datum != null ? datum : t == SiteTemplate.SEA_LEVEL ? 9.0 : 0,
                SiteAnswers.checkLevels(parseLevels(levels == null ? "9.5,10.5,11.5" : levels)),
                sirenPin == null ? null : SiteAnswers.checkPin(sirenPin), store, lan);
    }

    /** Asks for what the flags did not give, on the terminal. */
    SiteAnswers ask(PrintWriter o) throws IOException {
        Prompter p = new Prompter(input, o);
        o.println("fieldgate-provision init: a config for this site. Enter takes the [default].");
        SiteTemplate t = template != null ? SiteTemplate.of(template)
                : p.ask("Kind of site (" + String.join(", ", SiteTemplate.ids()) + ")", "water", SiteTemplate::of);
        String gw = id != null ? SiteAnswers.checkId(id) : p.ask("Gateway id (a-z, 0-9, -)", null, SiteAnswers::checkId);
        String name = site != null ? site : p.ask("Site name", gw, s -> s);
        Double la = lat != null ? lat : p.ask("Latitude (or - for none)", "-", s -> s.equals("-") ? null
                : SiteAnswers.checkLat(number(s)));
        Double lo = la == null ? null : lon != null ? lon : p.ask("Longitude", null, s -> SiteAnswers.checkLon(number(s)));
        List<String> b = !brokers.isEmpty() ? brokers : p.ask("Brokers, comma-separated (or - for none yet)", "-",
                s -> s.equals("-") ? List.<String>of()
                        : Arrays.stream(s.split(",")).map(String::strip).map(SiteAnswers::checkBroker).toList());
        String caFile = ca != null || b.isEmpty() ? ca : p.ask("The brokers' CA certificate file (or - for the"
                + " system's)", "-", s -> s.equals("-") ? null : SiteAnswers.checkCa(s));
        String sensorPort = port != null ? port : p.ask("The sensor's serial port", t.defaultPort(), s -> s);
        double datumM = 0;
        List<Double> lv = List.of(9.5, 10.5, 11.5);
        if (t == SiteTemplate.SEA_LEVEL) {
            datumM = datum != null ? datum : p.ask("Height of the sensor face above the gauge datum, metres", "9",
                    InitCommand::number);
        }
        if (t == SiteTemplate.WATER) {
            datumM = datum != null ? datum : p.ask("Gauge datum, metres", "0", InitCommand::number);
            lv = levels != null ? SiteAnswers.checkLevels(parseLevels(levels))
                    : p.ask("Flood levels BĐ I,II,III in metres", "9.5,10.5,11.5",
                            s -> SiteAnswers.checkLevels(parseLevels(s)));
        }
        Integer pin = sirenPin != null ? SiteAnswers.checkPin(sirenPin) : p.ask("Siren GPIO pin (BCM), or - for none",
                "-", s -> s.equals("-") ? null : SiteAnswers.checkPin((int) number(s)));
        return new SiteAnswers(t, gw, name, la, lo, b, topicRoot, caFile, sensorPort, datumM, lv, pin, store, lan);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }

    private static List<Double> parseLevels(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).map(InitCommand::number).toList();
    }

    /** Writes {@code FILE.new} beside {@code file}, with the mode and owner of the file it will replace. */
    private static Path stage(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".new");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (Files.exists(abs)) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(abs));
            try {
                Files.setOwner(tmp, Files.getOwner(abs));
                Files.setAttribute(tmp, "posix:group", Files.readAttributes(abs,
                        java.nio.file.attribute.PosixFileAttributes.class).group());
            } catch (IOException | UnsupportedOperationException e) {
                // not root: the file is ours anyway
            }
        } else {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
        }
        return tmp;
    }

    /** Moves {@code staged} over {@code file} atomically; an existing file (--force) is kept as {@code FILE.old}. */
    private static void replace(Path staged, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.exists(abs)) {
            Files.copy(abs, abs.resolveSibling(abs.getFileName() + ".old"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        try {
            Files.move(staged, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(staged, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
