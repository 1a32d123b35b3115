package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldgate.gateway.status.http.Request;
import org.fieldgate.gateway.status.http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);

    @TempDir
    Path dir;

    private static Request request(InetSocketAddress from, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(java.util.Locale.ROOT), headers[i + 1]);
        }
        return new Request("POST", "/api/ack/flood", null, h, new byte[0], from);
    }

    private static boolean hostOk(ApiGuard guard, String host) {
        return guard.hostRefusal(request(LOOPBACK, "Host", host)) == null;
    }

    @Test
    void theHostMustNameThisServerAndIsNeverResolved() {
        ApiGuard loopback = new ApiGuard("127.0.0.1", null, JSON);
        assertThat(hostOk(loopback, "127.0.0.1:8080")).isTrue();
        assertThat(hostOk(loopback, "localhost")).isTrue();
        assertThat(hostOk(loopback, "LocalHost:8080")).isTrue();
        assertThat(hostOk(loopback, "[::1]:8080")).isTrue();
        assertThat(hostOk(loopback, "evil.example:8080")).as("a rebinding page's own name").isFalse();
        assertThat(hostOk(loopback, "127.0.0.1.nip.io")).isFalse();
        assertThat(hostOk(loopback, "localhost.evil.example")).isFalse();
        assertThat(hostOk(loopback, "8.8.8.8")).isFalse();
        assertThat(hostOk(loopback, "")).isFalse();
        Response r = loopback.hostRefusal(request(LOOPBACK, "Host", "evil.example\u001b[2J"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("host_not_allowed")
                .doesNotContain("\u001b");

        ApiGuard all = new ApiGuard("0.0.0.0", null, JSON);
        assertThat(hostOk(all, "0.0.0.0:8080")).as("the run file's address when bound to all").isTrue();
        assertThat(hostOk(all, "127.0.0.1")).isTrue();
        assertThat(hostOk(all, "8.8.8.8")).as("not one of this machine's addresses").isFalse();

        ApiGuard named = new ApiGuard("gw-7.local", null, JSON);
        assertThat(hostOk(named, "GW-7.local:8080")).isTrue();
        assertThat(hostOk(named, "gw-8.local")).isFalse();
    }

    @Test
    void anActionNeedsNoForeignOriginALoopbackPeerAndTheToken() throws Exception {
        ApiToken token = ApiToken.loadOrCreate(dir.resolve("api.token"));
        String bearer = "Bearer " + ApiToken.read(dir.resolve("api.token"));
        ApiGuard guard = new ApiGuard("127.0.0.1", token, JSON);

        assertThat(guard.actionRefusal(request(LOOPBACK, "Host", "127.0.0.1:8080", "Authorization", bearer))).isNull();
        assertThat(guard.actionRefusal(request(LOOPBACK, "Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080",
                "Authorization", bearer))).as("same origin").isNull();
        assertThat(guard.actionRefusal(request(LOOPBACK, "Host", "127.0.0.1:8080", "Authorization",
                "bearer  " + bearer.substring(7)))).as("scheme in any case").isNull();
        assertThat(guard.actionRefusal(request(LOOPBACK, "Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:9090",
                "Authorization", bearer)).status()).as("another port is another origin").isEqualTo(403);
        assertThat(guard.actionRefusal(request(new InetSocketAddress("192.0.2.7", 40000), "Host", "127.0.0.1:8080",
                "Authorization", bearer)).status()).isEqualTo(403);
        assertThat(guard.actionRefusal(request(LOOPBACK, "Host", "127.0.0.1:8080", "Authorization", "Basic abc"))
                .status()).isEqualTo(401);
        assertThat(new ApiGuard("127.0.0.1", null, JSON).actionRefusal(request(LOOPBACK, "Host", "127.0.0.1",
                "Authorization", bearer)).status()).as("no token configured: nothing is allowed").isEqualTo(401);
        assertThat(token.toString()).doesNotContain(bearer.substring(7));
    }

    @Test
    void aTokenFileThatCannotBeCreatedLeavesTheGatewayRunningWithActionsRefused() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("file"), "x"); // a file where the token's folder would be
        Path yaml = dir.resolve("gw.yaml");
        java.nio.file.Files.writeString(yaml, """
                gateway: { id: gw-1 }
                local_broker: { enabled: true }
                storage: { path: store.db }
                status: { token_file: file/api.token }
                """);
        var config = org.fieldgate.gateway.config.ConfigLoader.load(yaml, org.fieldgate.drivers.DriverRegistry.load());

        assertThat(ApiToken.forGateway(config)).isNull();
        Response r = new ApiGuard("127.0.0.1", null, JSON).actionRefusal(request(LOOPBACK, "Host", "127.0.0.1",
                "Authorization", "Bearer " + "a".repeat(43)));
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("no_token");
    }

    @Test
    void anExistingTokenFileIsKeptAndNarrowedToItsOwner() throws Exception {
        Path file = dir.resolve("api.token");
        java.nio.file.Files.writeString(file, "my-own-token-of-at-least-32-characters\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        ApiToken token = ApiToken.loadOrCreate(file);

        assertThat(token.matches("my-own-token-of-at-least-32-characters")).isTrue();
        assertThat(token.matches("my-own-token-of-at-least-32-character")).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        java.nio.file.Files.writeString(file, "short\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiToken.loadOrCreate(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("32 to 512 characters");
    }
}
