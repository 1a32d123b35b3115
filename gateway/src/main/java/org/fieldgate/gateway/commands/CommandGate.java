package org.fieldgate.gateway.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.signing.CommandSignature;
import org.fieldgate.gateway.signing.Ed25519Pem;

/**
 * What every command must pass before it runs, in this order: a valid Ed25519 signature by one of
 * the {@code trust} keys over its canonical form (which binds the gateway id and the command name),
 * a {@code t} within {@code max_age} of the gateway's clock when that clock is known good, and an
 * {@code id} never seen before (persisted, {@link SeenCommandIds}). The signature goes first, so
 * nobody without a key can fill the id file.
 */
public final class CommandGate {

    /** How a refusal of a command already seen begins. */
    static final String SEEN_BEFORE = "id was seen before";

    /** Passed (with who signed it: the key file's name, or {@code unsigned}), or refused with why. */
    public record Verdict(boolean passed, String by, String reason) {
        static Verdict refused(String reason) {
            return new Verdict(false, null, reason);
        }
    }

    private final String gw;
    private final Map<String, PublicKey> keys;
    private final boolean allowUnsigned;
    private final Duration maxAge;
    private final SeenCommandIds seen;
    private final Clock clock;
    private final BooleanSupplier clockGood;

    public CommandGate(String gw, UplinkSection.Commands config, SeenCommandIds seen, Clock clock,
                       BooleanSupplier clockGood) throws IOException {
        this.gw = gw;
        this.keys = keys(config.trust());
        this.allowUnsigned = config.allowUnsigned();
        this.maxAge = config.maxAge();
        this.seen = seen;
        this.clock = clock;
        this.clockGood = clockGood;
    }

    /** The trusted keys by name (the file name without {@code .pem}/{@code .pub}). */
    private static Map<String, PublicKey> keys(List<Path> files) throws IOException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path f : files) {
            keys.put(keyName(f), Ed25519Pem.readPublic(f));
        }
        return keys;
    }

    /** Who a key file stands for: its name without {@code .pem}/{@code .pub}. */
    public static String keyName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.(pem|pub)$", "");
    }

    public Verdict check(Command c) {
        String by = signer(c);
        if (by == null) {
            if (!allowUnsigned) {
                return Verdict.refused(c.sig() == null ? "unsigned (sig: required)"
                        : "signature not valid for any trusted key");
            }
            by = "unsigned";
        }
        long now = clock.millis();
        if (clockGood.getAsBoolean() && Math.abs(now - c.t()) > maxAge.toMillis()) {
            return Verdict.refused("stale: t is " + Math.abs(now - c.t()) / 1000 + " s from the gateway's clock"
                    + " (at most " + maxAge.toSeconds() + " s)");
        }
        try {
            if (!seen.firstTime(c.id(), c.t())) {
                return Verdict.refused(SEEN_BEFORE + " (a replay, or delivered twice): " + c.id()
                        + " is not run again");
            }
        } catch (IOException e) {
            return Verdict.refused("cannot record the id (" + e.getMessage() + "); not run");
        }
        return new Verdict(true, by, null);
    }

    /** The name of the trusted key that signed {@code c}, or null. */
    private String signer(Command c) {
        if (c.sig() == null) {
            return null;
        }
        byte[] signed;
        try {
            signed = CommandSignature.signedBytes(gw, c.name(), 1, c.id(), c.t(), c.args());
        } catch (IllegalArgumentException e) {
            return null; // a decimal in args: no canonical form, so no valid signature
        }
        for (Map.Entry<String, PublicKey> k : keys.entrySet()) {
            if (CommandSignature.verify(signed, c.sig(), k.getValue())) {
                return k.getKey();
            }
        }
        return null;
    }
}
