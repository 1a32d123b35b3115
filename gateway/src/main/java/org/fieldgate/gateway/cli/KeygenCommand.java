package org.fieldgate.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.fieldgate.gateway.signing.Ed25519Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldgate keygen}: an Ed25519 key pair for a central operator who signs commands. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Writes an Ed25519 key pair for signing commands: NAME.key (private, mode 0600: keep it"
                + " with the operator) and NAME.pub (public: list it in uplink.commands.trust on the gateways).",
            "The same files as: openssl genpkey -algorithm ed25519 -out NAME.key && openssl pkey -in NAME.key"
                + " -pubout -out NAME.pub"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "1:cannot write (or a file exists)"})
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", defaultValue = "central", description = "File name of the pair (default: central).")
    String name;

    @Option(names = "--out", defaultValue = ".", description = "Folder to write them in (default: here).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path priv = out.resolve(name + ".key");
        Path pub = out.resolve(name + ".pub");
        KeyPair pair = Ed25519Pem.generate();
        try {
            Files.createDirectories(out);
            if (Files.exists(pub)) {
                throw new FileAlreadyExistsException(pub.toString());
            }
            // created 0600 from the start: the private key is never readable by others, not even briefly
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, Ed25519Pem.privatePem(pair.getPrivate()), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(pub, Ed25519Pem.publicPem(pair.getPublic()), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            err.println("fieldgate keygen: " + e.getFile() + " exists; not overwritten (choose another --name)");
            return 1;
        } catch (IOException e) {
            err.println("fieldgate keygen: cannot write in " + out + ": " + e.getMessage());
            return 1;
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("private key: " + priv + " (0600; never copy it to a gateway)");
        o.println("public key:  " + pub + " (list it in uplink.commands.trust)");
        o.flush();
        return 0;
    }
}
