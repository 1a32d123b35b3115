package org.fieldgate.provisioning.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.fieldgate.gateway.status.OutputTester;

/**
 * A siren test through the running gateway, which owns the outputs: {@code POST /api/test/{output}}
 * with the API token (so the gateway logs it and publishes it on {@code action/{output}} as any crew
 * test), then the output must show on and testing in its status.
 */
final class SirenCheck {

    private SirenCheck() {
    }

    static Check run(Optional<RunningGateway> gateway, String output, java.util.List<String> outputs, ObjectMapper json) {
        String name = "siren " + output;
        if (gateway.isEmpty()) {
            return Check.fail(name, "the gateway is not running (the test goes through it)",
                    "start it (systemctl start fieldgate) and run the selftest again");
        }
        try {
            HttpResponse<String> r = gateway.get().testOutput(output);
            if (r.statusCode() != 200) {
                String why = json.readTree(r.body()).path("message").asText(r.body());
                return Check.fail(name, "refused (" + r.statusCode() + "): " + why, r.statusCode() == 404
                        ? "use one of the config's outputs: " + String.join(", ", outputs) : "see the gateway's log (journalctl -u fieldgate)");
            }
            JsonNode out = find(gateway.get().status(json), output);
            if (out == null || !out.path("testing").asBoolean() || !"on".equals(out.path("state").asText())) {
                return Check.fail(name, "asked, but its status does not show it on: " + out,
                        "see the gateway's log (journalctl -u fieldgate)");
            }
            return Check.pass(name, "on for " + OutputTester.LENGTH.toSeconds() + " s: you should have heard it");
        } catch (IOException e) {
            return Check.fail(name, e.getMessage(), e.getMessage() != null && e.getMessage().contains("denied")
                    ? "run the selftest as root or as the fieldgate user (it reads the API token)"
                    : "see the gateway's log (journalctl -u fieldgate)");
        }
    }

    private static JsonNode find(JsonNode status, String output) {
        for (JsonNode o : status.path("outputs")) {
            if (output.equals(o.path("id").asText())) {
                return o;
            }
        }
        return null;
    }
}
