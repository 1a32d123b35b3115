package org.fieldgate.gateway.status;

/** A fixed status report for tests outside this package. */
public final class StatusServerTestReports {

    private StatusServerTestReports() {
    }

    public static StatusReport report() {
        return StatusServerTest.report();
    }

    /** {@code /metrics} of {@code r}. */
    public static String metrics(StatusReport r) {
        return new String(PrometheusMetrics.expose(r), java.nio.charset.StandardCharsets.UTF_8);
    }
}
