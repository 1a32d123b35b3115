package org.fieldgate.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("ews", "hn-longbien-01");

    @Test
    void contractTopics() {
        assertThat(topics.state()).isEqualTo("ews/hn-longbien-01/state");
        assertThat(topics.telemetry("wl1")).isEqualTo("ews/hn-longbien-01/telemetry/wl1");
        assertThat(topics.alert("flood")).isEqualTo("ews/hn-longbien-01/alert/flood");
        assertThat(topics.alarm("flood")).isEqualTo("ews/hn-longbien-01/alarm/flood");
        assertThat(topics.health()).isEqualTo("ews/hn-longbien-01/health");
        assertThat(topics.cmd("reboot")).isEqualTo("ews/hn-longbien-01/cmd/reboot");
        assertThat(topics.cmd("+")).isEqualTo("ews/hn-longbien-01/cmd/+");
        assertThat(new Topics("vn/ews", "g1").health()).isEqualTo("vn/ews/g1/health");
    }

    @Test
    void rejectsLevelsThatWouldBreakTheTopicTree() {
        assertThatThrownBy(() -> new Topics("ews", "a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> new Topics("ews/#", "g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.telemetry("w+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.alert("")).isInstanceOf(IllegalArgumentException.class);
    }
}
