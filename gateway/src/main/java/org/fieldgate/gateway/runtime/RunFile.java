package org.fieldgate.gateway.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fieldgate.gateway.store.PrivateFiles;

/**
 * The addresses a running gateway actually listens on, written next to its store as
 * {@code fieldgate.run.json}. Ports may differ from the config when a port was taken and the config
 * allowed a fallback (the demo does), so {@code fieldgate status|watch --config FILE} read this file
 * to find the gateway.
 *
 * @param pid       process id
 * @param started   start time, ms since the epoch
 * @param statusUrl base URL of the status API, e.g. {@code http://127.0.0.1:8080}
 * @param brokerUrl the broker the gateway publishes to first (the local broker's real address when
 *                  it uses the local one)
 */
public record RunFile(long pid, long started, String statusUrl, String brokerUrl) {

    public static final String NAME = "fieldgate.run.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run file of a store lives. */
    public static Path beside(Path storeFile) {
        Path dir = storeFile.toAbsolutePath().getParent();
        return dir.resolve(NAME);
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        PrivateFiles.file(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static RunFile read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunFile.class);
    }
}
