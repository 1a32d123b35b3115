package org.fieldgate.provisioning.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code init} asks, checked one answer at a time (so a prompt can ask again at once), and the
 * config they make.
 *
 * @param brokers   the network's brokers in failover order; empty: the embedded broker only
 * @param ca        the brokers' CA certificate file, or null
 * @param levels    the water template's BĐ I, II, III thresholds (m), ascending
 * @param sirenPin  the siren's GPIO pin (BCM), or null for none
 * @param lan       the status page on the site LAN (0.0.0.0:8080), not loopback only
 */
public record SiteAnswers(SiteTemplate template, String id, String siteName, Double lat, Double lon,
                          List<String> brokers, String topicRoot, String ca, String port, double datumM,
                          List<Double> levels, Integer sirenPin, String store, boolean lan) {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public SiteAnswers {
        brokers = List.copyOf(brokers);
        levels = List.copyOf(levels);
    }

    /** The gateway id: a topic level, {@code [a-z0-9-]}, e.g. {@code hn-longbien-01}. */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the gateway id must be 1-64 of a-z, 0-9 and '-', e.g. hn-longbien-01");
        }
        return id;
    }

    public static double checkLat(double lat) {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude must be between -90 and 90, got " + lat);
        }
        return lat;
    }

    public static double checkLon(double lon) {
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("longitude must be between -180 and 180, got " + lon);
        }
        return lon;
    }

    /** A broker URI: {@code ssl://host:8883} or {@code tcp://host:1883}. */
    public static String checkBroker(String uri) {
        try {
            URI u = new URI(uri);
            if (!List.of("ssl", "tcp").contains(String.valueOf(u.getScheme())) || u.getHost() == null
                    || u.getPort() < 1) {
                throw new URISyntaxException(uri, "not ssl://host:port or tcp://host:port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a broker is ssl://host:port or tcp://host:port, got '" + uri + "'");
        }
        return uri;
    }

    /** The brokers' CA file: it must exist now (the technician copies it before running init). */
    public static String checkCa(String file) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
            throw new IllegalArgumentException("the CA file " + file + " does not exist (copy the network's CA "
                    + "certificate to the gateway first, e.g. /etc/fieldgate/ca.pem)");
        }
        return file;
    }

    /** Three ascending levels {@code a,b,c} (metres). */
    public static List<Double> checkLevels(List<Double> levels) {
        if (levels.size() != 3 || !(levels.get(0) < levels.get(1) && levels.get(1) < levels.get(2))) {
            throw new IllegalArgumentException("give the three flood levels BĐ I, II, III in metres, ascending,"
                    + " e.g. 9.5,10.5,11.5");
        }
        return levels;
    }

    public static int checkPin(int pin) {
        if (pin < 0 || pin > 27) {
            throw new IllegalArgumentException("a GPIO pin (BCM numbering) is 0 to 27, got " + pin);
        }
        return pin;
    }

    /** The config file: comments say where each part came from and what to change. */
    String yaml(String written) {
        StringBuilder y = new StringBuilder();
        y.append("# ").append(template.description()).append('\n');
        y.append("# written by fieldgate-provision init --template ").append(template.id()).append(" on ").append(written)
                .append("; check it with: fieldgate check FILE\n");
        y.append("gateway:\n  id: ").append(id).append('\n');
        y.append("  site: { name: ").append(quote(siteName == null ? id : siteName));
        if (lat != null && lon != null) {
            y.append(String.format(Locale.ROOT, ", lat: %s, lon: %s", lat, lon));
        }
        y.append(" }\n\n");
        y.append("uplink:\n  mqtt:\n");
        if (brokers.isEmpty()) {
            y.append("    servers: []             # none yet: the embedded broker below only\n");
        } else {
            y.append("    servers: [").append(String.join(", ", brokers.stream().map(SiteAnswers::quote).toList()))
                    .append("]   # failover in order\n");
        }
        y.append("    topic_root: ").append(topicRoot).append('\n');
        if (ca != null) {
            y.append("    tls: { ca: ").append(quote(ca)).append(" }\n");
            y.append("    # the gateway's own certificate: fieldgate-provision identity, then install-cert --config\n");
        }
        y.append("\nlocal_broker: ").append(brokers.isEmpty()
                ? "{ enabled: true, bind: \"127.0.0.1:1884\" }\n" : "{ enabled: false }\n");
        y.append("\nstorage:\n  path: ").append(store).append("\n  max_size: 2GB            # past it the oldest"
                + " telemetry goes; alerts stay\n");
        y.append("\nstatus:\n  http: { bind: ").append(lan ? "\"0.0.0.0:8080\" }   # the field crews' page on the site LAN"
                : "\"127.0.0.1:8080\" }   # \"0.0.0.0:8080\": the field crews' page on the site LAN").append('\n');
        y.append("  # crew_pin_file: /etc/fieldgate/crew.pin   # their PIN: fieldgate crew-pin --config FILE\n\n");
        y.append(template.sensorsAndRules(this));
        return y.toString();
    }

    /** A YAML double-quoted scalar (JSON's string syntax, which YAML reads the same). */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
