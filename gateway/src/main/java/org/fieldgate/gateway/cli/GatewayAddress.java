package org.fieldgate.gateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.runtime.RunFile;

/**
 * Where the gateway of a config really listens: its run file when the gateway runs (ports can fall
 * back), else what the config says.
 */
record GatewayAddress(FieldgateConfig config, RunFile runFile) {

    /** The config could not be read, or names no reachable gateway. */
    static final class NotFound extends Exception {
        private final int exitCode;

        NotFound(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    static GatewayAddress of(Path configFile) throws NotFound {
        FieldgateConfig config;
        try {
            config = ConfigLoader.load(configFile, DriverRegistry.load());
        } catch (ConfigException e) {
            throw new NotFound(e.getMessage(), 2);
        }
        Path run = RunFile.beside(config.storage().path());
        RunFile runFile = null;
        if (Files.isRegularFile(run)) {
            try {
                runFile = RunFile.read(run);
            } catch (IOException e) {
                throw new NotFound("cannot read " + run + ": " + e.getMessage(), 1);
            }
        }
        return new GatewayAddress(config, runFile);
    }

    String statusUrl() {
        if (runFile != null && runFile.statusUrl() != null) {
            return runFile.statusUrl();
        }
        var bind = config.status().bind();
        String host = bind.host().equals("0.0.0.0") || bind.host().equals("::") ? "127.0.0.1" : bind.host();
        return "http://" + host + ":" + bind.port();
    }

    /** The broker to subscribe to for this gateway's messages. */
    String brokerUrl() throws NotFound {
        if (runFile != null && runFile.brokerUrl() != null) {
            return runFile.brokerUrl();
        }
        if (!config.uplink().mqtt().servers().isEmpty()) {
            return config.uplink().mqtt().servers().get(0);
        }
        var bind = config.localBroker().bind();
        return "tcp://" + (bind.host().equals("0.0.0.0") ? "127.0.0.1" : bind.host()) + ":" + bind.port();
    }
}
