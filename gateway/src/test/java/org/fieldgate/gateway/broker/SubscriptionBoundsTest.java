package org.fieldgate.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptUnsubscribeMessage;
import org.junit.jupiter.api.Test;

class SubscriptionBoundsTest {

    private final SubscriptionBounds bounds = new SubscriptionBounds();

    @Test
    void refusesAFilterTooDeepOrTooLong() {
        assertThat(bounds.admit("c", "ews/+/alarm/#")).isTrue();
        assertThat(bounds.admit("c", "a/".repeat(15) + "#")).as("16 levels").isTrue();
        assertThat(bounds.admit("c", "a/".repeat(16) + "#")).as("17 levels").isFalse();
        assertThat(bounds.admit("c", "a/".repeat(20_000) + "#")).isFalse();
        assertThat(bounds.admit("c", "x".repeat(256))).isTrue();
        assertThat(bounds.admit("c", "x".repeat(257))).isFalse();
    }

    @Test
    void aClientHoldsAtMost32FiltersAndTheSameFilterAgainCostsNothing() {
        for (int i = 0; i < 32; i++) {
            assertThat(bounds.admit("c", "ews/gw/telemetry/s" + i)).isTrue();
        }
        assertThat(bounds.admit("c", "ews/gw/telemetry/s0")).as("the same filter again").isTrue();
        assertThat(bounds.admit("c", "ews/gw/telemetry/s32")).isFalse();
        assertThat(bounds.admit("other", "ews/gw/telemetry/s32")).as("another client's own bound").isTrue();
        assertThat(bounds.held("c")).isEqualTo(32);
    }

    @Test
    void unsubscribingOrLeavingFreesTheFilters() {
        for (int i = 0; i < 32; i++) {
            bounds.admit("c", "t/" + i);
        }
        bounds.onUnsubscribe(new InterceptUnsubscribeMessage("t/3", "c", null));
        assertThat(bounds.admit("c", "t/new")).isTrue();
        assertThat(bounds.admit("c", "t/newer")).isFalse();

        bounds.onDisconnect(new InterceptDisconnectMessage("c", null));
        assertThat(bounds.held("c")).isZero();
        bounds.admit("d", "t/1");
        bounds.onConnectionLost(new InterceptConnectionLostMessage("d", null));
        assertThat(bounds.held("d")).isZero();
    }
}
