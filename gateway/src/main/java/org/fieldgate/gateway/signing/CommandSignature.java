package org.fieldgate.gateway.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * What a command's {@code sig} signs: the canonical JSON ({@link CanonicalJson}) of
 * {@code {"v","gw","cmd","id","t","args"}}, where {@code gw} and {@code cmd} are the gateway id and
 * the command name of the topic {@code R/G/cmd/{name}} it was sent on. Binding both means a command
 * signed for one gateway, or as one command, is worthless anywhere else. {@code sig} is the
 * Ed25519 signature in standard base64.
 */
public final class CommandSignature {

    private CommandSignature() {
    }

    /** The bytes signed for a command with these fields ({@code args} an object, never null). */
    public static byte[] signedBytes(String gw, String cmd, long v, String id, long t, JsonNode args) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("v", v);
        o.put("gw", gw);
        o.put("cmd", cmd);
        o.put("id", id);
        o.put("t", t);
        o.set("args", args);
        return CanonicalJson.of(o);
    }

    public static String sign(byte[] signed, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signed);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** True when {@code sig} (base64) is a valid signature of {@code signed} by {@code key}; never throws. */
    public static boolean verify(byte[] signed, String sig, PublicKey key) {
        try {
            byte[] raw = Base64.getDecoder().decode(sig);
            if (raw.length != 64) {
                return false;
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signed);
            return s.verify(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
