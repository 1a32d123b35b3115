package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalBrokerSectionTest {

    @ParameterizedTest(name = "{0} loopback only: {1}")
    @CsvSource({
        "127.0.0.1, true", "127.1.2.3, true", "localhost, true", "LOCALHOST, true", "::1, true",
        "0.0.0.0, false", "::, false", "192.168.1.10, false", "10.0.0.5, false", "fe80::1, false",
        "gateway.local, false", "localhost.example.com, false"
    })
    void onlyLoopbackAddressesNeedNoPasswordFile(String host, boolean loopback) {
        assertThat(new LocalBrokerSection(true, new HostPort(host, 1883), false).loopbackOnly()).isEqualTo(loopback);
    }
}
