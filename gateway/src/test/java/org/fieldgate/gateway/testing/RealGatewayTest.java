package org.fieldgate.gateway.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run the whole gateway (the runnable jar in a child process) against a
 * real mosquitto with a recording subscriber: whatever a test started is stopped after it, the
 * gateway first.
 */
public abstract class RealGatewayTest {

    @TempDir
    protected Path dir;

    protected MosquittoBroker broker;
    protected MqttRecorder recorder;
    protected GatewayProcess gateway;

    @AfterEach
    void stopGatewayRecorderAndBroker() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
