package org.fieldgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fieldgate watch} against a real mosquitto, fed as any client on the broker could. */
class WatchCommandIT {

    @Test
    void terminalEscapesInTopicAndPayloadArePrintedAsVisibleEscapes() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.started()) {
            // clear the screen, set the window title, paint red, fake a line, flip the text with a bidi
            // override; mosquitto refuses control characters in topics, not bidi overrides
            String payload = "\u001b[2J\u001b]0;owned\u0007\u001b[31m{\"alarm\":\"BD3\"}\nfake line\u009b\u202e";
            MqttClient publisher = new MqttClient(broker.url(), "hostile", new MemoryPersistence());
            publisher.connect();
            publisher.publish("ews/gw1/status/\u202ex", payload.getBytes(UTF_8), 1, true);
            publisher.disconnect();
            publisher.close();

            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new WatchCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute("--server", broker.url(), "--root", "ews", "--gw", "gw1", "--count", "1",
                    "--timeout", "20s");

            assertThat(exit).isZero();
            String printed = out.toString();
            assertThat(printed.lines()).singleElement().asString()
                    .endsWith(" ews/gw1/status/\\u202ex [retained] \\u001b[2J\\u001b]0;owned\\u0007"
                            + "\\u001b[31m{\"alarm\":\"BD3\"}\\u000afake line\\u009b\\u202e");
            assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x9b || c == 0x202e)).isEmpty();
        }
    }
}
