package org.fieldgate.gateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.status.CrewPin;
import org.fieldgate.gateway.store.PrivateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate crew-pin --config FILE}: sets the field crews' PIN, which the status page asks for
 * before it acknowledges an alarm. Reads the PIN twice from the terminal (or once per line from
 * standard input when there is none) and writes only its slow hash to {@code status.crew_pin_file},
 * owner-only, replacing the file atomically. The gateway reads the file when it starts.
 */
@Command(name = "crew-pin", mixinStandardHelpOptions = true,
        description = "Sets the field crews' PIN (4 to 12 digits) for the status page's actions: writes its hash to "
                + "status.crew_pin_file of the config. Restart the gateway to use it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the PINs differ, are not 4 to 12 digits, or the file cannot be written",
            "2:usage or config error (no status.crew_pin_file)"})
public final class CrewPinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "Config of the gateway (its status.crew_pin_file).")
    Path config;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FieldgateConfig c;
        try {
            c = ConfigLoader.load(config, DriverRegistry.load());
        } catch (ConfigException e) {
            err.println("fieldgate crew-pin: " + e.getMessage());
            return 2;
        }
        Path file = c.status().crewPinFile();
        if (file == null) {
            err.println("fieldgate crew-pin: " + config + " has no status.crew_pin_file; add e.g."
                    + " status: { crew_pin_file: crew.pin } (relative to the config file)");
            return 2;
        }
        String[] pins = readTwice();
        if (pins == null || !pins[0].equals(pins[1])) {
            err.println("fieldgate crew-pin: the two PINs differ (nothing written)");
            return 1;
        }
        if (!CrewPin.wellFormed(pins[0])) {
            err.println("fieldgate crew-pin: a PIN is 4 to 12 digits (nothing written)");
            return 1;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(tmp, CrewPin.hashLine(pins[0]) + "\n", StandardCharsets.US_ASCII);
        PrivateFiles.file(tmp);
        PrivateFiles.toServiceUser(tmp); // written by root, read by the service
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("crew PIN written (hashed) to " + file + "; restart the gateway to use it");
        return 0;
    }

    /** The PIN and its repetition; null when input ended. */
    private static String[] readTwice() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] a = console.readPassword("New crew PIN (4-12 digits): ");
            char[] b = console.readPassword("Again: ");
            return a == null || b == null ? null : new String[] {new String(a), new String(b)};
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String a = in.readLine();
        String b = in.readLine();
        return a == null || b == null ? null : new String[] {a.strip(), b.strip()};
    }
}
