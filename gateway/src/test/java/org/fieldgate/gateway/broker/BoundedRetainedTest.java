package org.fieldgate.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.RetainedMessage;
import org.junit.jupiter.api.Test;

class BoundedRetainedTest {

    @Test
    void keepsAtMostTheCountAndBytesButAlwaysLetsATopicBeReplacedOrCleared() {
        BoundedRetained store = new BoundedRetained(2, 100);
        assertThat(store.retain("ews/g/state", new byte[40])).isTrue();
        assertThat(store.retain("ews/g/alarm/a", new byte[40])).isTrue();
        assertThat(store.retain("ews/g/alarm/b", new byte[1])).as("a third topic").isFalse();
        assertThat(store.retain("ews/g/state", new byte[60])).as("replaced, 100 bytes in all").isTrue();
        assertThat(store.retain("ews/g/state", new byte[61])).as("101 bytes in all").isFalse();
        assertThat(store.bytes()).isEqualTo(100);
        assertThat(store.retain("ews/g/alarm/a", new byte[0])).as("cleared").isTrue();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.bytes()).isEqualTo(60);
        assertThat(store.retain("ews/g/alarm/b", new byte[40])).isTrue();
    }

    @Test
    void findsTheMessagesOfASubscriptionAtQos0() {
        BoundedRetained store = new BoundedRetained(10, 1000);
        store.retain("ews/g/state", "on".getBytes());
        store.retain("ews/g/alarm/flood", "raised".getBytes());
        store.retain("other/x", "x".getBytes());
        assertThat(store.retainedOnTopic("ews/g/#")).extracting(m -> m.getTopic().toString())
                .containsExactlyInAnyOrder("ews/g/state", "ews/g/alarm/flood");
        assertThat(store.retainedOnTopic("ews/+/alarm/+")).extracting(RetainedMessage::getPayload)
                .containsExactly("raised".getBytes());
        assertThat(store.retainedOnTopic("#")).extracting(m -> m.qosLevel().value()).containsOnly(0);
    }
}
