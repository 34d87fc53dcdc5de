package dev.andon.server.slo;

/**
 * A Prometheus data source could not answer an SLI query: unreachable, too slow, an HTTP error, or
 * Prometheus' own {@code "status":"error"} (a PromQL parse error, an execution error). The message
 * always names the data source and the query, so it can be shown to whoever owns the SLO as is.
 */
public class PrometheusQueryException extends RuntimeException {
    private final String dataSource;
    private final String query;

    PrometheusQueryException(String dataSource, String query, String problem, Throwable cause) {
        super("Prometheus data source " + dataSource + ": " + problem + " (query: " + query + ")", cause);
        this.dataSource = dataSource;
        this.query = query;
    }

    /** The data source's base URL, without any user:password. */
    public String dataSource() {
        return dataSource;
    }

    /** The PromQL Andon sent (the wrapped form, not the counter expression alone). */
    public String query() {
        return query;
    }
}
