package org.fieldgate.drivers.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.fieldgate.drivers.testing.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jssc over a real socat pseudo-terminal pair. */
class SerialLinkIT {

    @TempDir
    Path dir;

    private static byte[] readAtLeast(ByteLink link, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        long end = System.nanoTime() + 5_000_000_000L;
        while (got.size() < n && System.nanoTime() < end) {
            int k = link.read(buf, 200);
            got.write(buf, 0, k);
        }
        return got.toByteArray();
    }

    @Test
    void binaryBytesCrossBothWays() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); ByteLink device = pty.openDevice();
             ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1))) {
            gateway.open();
            byte[] frame = {0x42, 0x4D, 0x00, 0x1C, (byte) 0xFF, 0x0D, 0x0A, 0x00};
            device.write(frame);
            assertThat(readAtLeast(gateway, frame.length)).containsExactly(frame);
            gateway.write(new byte[] {0x01, 0x03, 0x00, 0x00, 0x00, 0x01, (byte) 0x84, 0x0A});
            assertThat(readAtLeast(device, 8)).containsExactly(0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A);
            assertThat(gateway.read(new byte[16], 50)).as("nothing more arrives").isZero();
            assertThat(gateway.describe()).endsWith("gateway-tty 9600 8N1");
        }
    }

    @Test
    void aVanishedPortReadsAsBrokenAndReopensByPath() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1));
            gateway.open();
            pty.vanish();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    gateway.read(new byte[16], 100);
                }
            }).isInstanceOf(IOException.class);
            gateway.close();
            assertThatThrownBy(gateway::open).isInstanceOf(IOException.class).hasMessageContaining("gateway-tty");

            pty.restore();
            gateway.open();
            try (ByteLink device = pty.openDevice()) {
                device.write(new byte[] {'R', '1', '2', '3', '4', '\r'});
                assertThat(new String(readAtLeast(gateway, 6))).isEqualTo("R1234\r");
            }
            gateway.close();
        }
    }
}
