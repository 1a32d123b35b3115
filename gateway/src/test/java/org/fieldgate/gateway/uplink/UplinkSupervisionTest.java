package org.fieldgate.gateway.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.supervision.PartState;
import org.fieldgate.gateway.supervision.PartStatus;
import org.fieldgate.gateway.supervision.Supervisor;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The uplink thread killed by an {@link Error} (on main it died for good, and the site went on
 * storing what it would never send): under a supervisor it is started again and delivers.
 */
class UplinkSupervisionTest {

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final Supervisor supervisor = Supervisor.system();
    private FakeTransport transport;
    private Uplink uplink;

    @AfterEach
    void stop() {
        supervisor.close();
        if (uplink != null) {
            uplink.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void anErrorOnTheUplinkThreadRestartsItAndItDeliversAfterwards() throws Exception {
        AtomicInteger healthCalls = new AtomicInteger();
        UplinkSection.Mqtt mqtt = new UplinkSection.Mqtt(List.of("tcp://a"), "ews", null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), 8);
        uplink = new Uplink(mqtt, "gw1", "1.2.3", store, will -> {
            transport = new FakeTransport(will, topic -> true);
            return transport;
        }, () -> {
            if (healthCalls.incrementAndGet() == 1) {
                throw new HealthBug("health payload: an Error, not a RuntimeException");
            }
            return "{\"health\":1}".getBytes(UTF_8);
        }, Clock.systemUTC());
        uplink.start(supervisor);

        transport.awaitPublishes("ews/gw1/health", 1); // the second life (after 1 s) connected again
        assertThat(transport.connects()).hasSize(2);
        assertThat(transport.aborts()).as("the first life's link is dropped, not reused").isEqualTo(1);
        PartStatus part = supervisor.parts().get(0);
        assertThat(part.name()).isEqualTo("uplink");
        assertThat(part.state()).isEqualTo(PartState.RUNNING);
        assertThat(part.restarts()).isEqualTo(1);
        assertThat(part.lastError()).isEqualTo("HealthBug: health payload: an Error, not a RuntimeException");

        store.append(Lane.TELEMETRY, seq -> List.of(new OutgoingMessage("ews/gw1/telemetry/wl1", false,
                ("{\"seq\":" + seq + "}").getBytes(UTF_8))));
        uplink.wake();
        assertThat(transport.awaitPublishes("ews/gw1/telemetry/wl1", 1)).hasSize(1);
        assertThat(supervisor.deadPart()).isNull();
    }

    /** An {@link Error} other than OutOfMemoryError (which would be fatal). */
    private static final class HealthBug extends Error {
        HealthBug(String message) {
            super(message);
        }
    }
}
