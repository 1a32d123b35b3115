package org.fieldgate.provisioning.init;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.testing.RequiredTool;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fieldgate-provision init} in a real terminal: the built jar runs under {@code script},
 * which gives it a pseudo-terminal (so it asks), and the test answers each prompt when it appears,
 * including a wrong answer that must be asked again.
 */
class InitTtyIT {

    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path dir;

    @Test
    void aTechnicianAnswersThePromptsAndGetsAConfigThatPassesCheck() throws Exception {
        RequiredTool.require(Files.isExecutable(SCRIPT), "script (util-linux) is not installed");
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow();
        }
        Path out = dir.resolve("site.yaml");
        String command = "java -Xmx64m -cp " + jar.toAbsolutePath() + " org.fieldgate.provisioning.ProvisionCli init"
                + " --out " + out + " --store " + dir.resolve("store.db");
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true).start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        OutputStream keyboard = p.getOutputStream();
        InputStream tty = p.getInputStream();
        List<String[]> dialogue = List.of(
                new String[] {"Kind of site", "seismic"},
                new String[] {"Gateway id", "Trạm 1"},            // refused: asked again
                new String[] {"Gateway id", "dn-sontra-01"},
                new String[] {"Site name", "Sơn Trà"},
                new String[] {"Latitude", "16.1"},
                new String[] {"Longitude", "108.3"},
                new String[] {"Brokers", "-"},
                new String[] {"serial port", "/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0"},
                new String[] {"Siren GPIO pin", "17"});
        int next = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        byte[] buf = new byte[4096];
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (tty.available() > 0) {
                int n = tty.read(buf);
                screen.write(buf, 0, n);
            } else {
                Thread.sleep(20);
            }
            String text = screen.toString(UTF_8);
            if (next < dialogue.size()) {
                int at = text.indexOf(dialogue.get(next)[0], seen);
                if (at >= 0 && text.indexOf(": ", at) > 0) {
                    seen = text.indexOf(": ", at) + 2;
                    keyboard.write((dialogue.get(next)[1] + "\r").getBytes(UTF_8));
                    keyboard.flush();
                    next++;
                }
            }
        }
        screen.write(tty.readAllBytes());
        String text = screen.toString(UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(text).isTrue();
        assertThat(p.exitValue()).as(text).isEqualTo(0);
        assertThat(next).as(text).isEqualTo(dialogue.size());
        assertThat(text).contains("the gateway id must be").contains("wrote " + out);

        assertThat(ConfigLoader.check(out, DriverRegistry.load())).isEmpty();
        FieldgateConfig config = ConfigLoader.load(out, DriverRegistry.load());
        assertThat(config.gateway().id()).isEqualTo("dn-sontra-01");
        assertThat(config.sensors().get(0).driver()).isEqualTo("seismic-serial");
        assertThat(config.outputs()).hasSize(1);
        assertThat(Files.readString(out, UTF_8)).contains("Sơn Trà");
    }
}
