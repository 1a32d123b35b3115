package org.fieldgate.gateway.uplink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.gateway.config.ConfigProblem;
import org.fieldgate.gateway.config.SecretFilePermissions;
import org.fieldgate.gateway.config.UplinkSection;
import org.slf4j.Logger;

/**
 * What {@code fieldgate check} and the gateway's start-up say about the uplink's files beyond the
 * config's own rules: the contents of the TLS files ({@link PemTls#problems}: unreadable, not PEM,
 * a key that does not match its certificate, expired or not yet valid), and secrets that others
 * can read ({@link SecretFilePermissions}).
 *
 * <p>{@code check} fails on the errors; the gateway only logs them and starts: these files change
 * while it runs (a renewed certificate, a clock set by NTP after boot), the uplink re-reads them on
 * every connect, and local rules and sirens must work without an uplink.
 *
 * @param errors   TLS file problems, at {@code uplink.mqtt.tls.*}: the uplink cannot connect
 * @param warnings secret files readable by others, at the key naming them
 */
public record UplinkFileChecks(List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    public UplinkFileChecks {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Checks the files of {@code mqtt} at {@code clock}'s time. */
    public static UplinkFileChecks of(UplinkSection.Mqtt mqtt, Clock clock) {
        List<ConfigProblem> errors = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        UplinkSection.Tls tls = mqtt.tls();
        if (tls != null) {
            for (PemTls.FileProblem p : PemTls.problems(tls.ca(), tls.cert(), tls.key(), clock)) {
                errors.add(new ConfigProblem("uplink.mqtt." + p.key(), null, p.detail()));
            }
            SecretFilePermissions.check("uplink.mqtt.tls.key", tls.key()).ifPresent(warnings::add);
        }
        SecretFilePermissions.check("uplink.mqtt.password_file", mqtt.passwordFile()).ifPresent(warnings::add);
        return new UplinkFileChecks(errors, warnings);
    }

    /** One log line each: errors as ERROR (the uplink will not connect until fixed), warnings as WARN. */
    public void log(Logger log) {
        errors.forEach(e -> log.error("{} (the uplink cannot connect until this is fixed)", e));
        warnings.forEach(w -> log.warn("{}", w));
    }
}
