package dev.andon.slo;

/**
 * What an SLO measures (an SLI): good events out of all events, from one of three sources.
 * <ul>
 * <li>{@code check}: an Andon check's results; availability (up out of all results) or, with
 * {@code latencyThresholdMs}, latency (results at or under it out of all); {@code location} null
 * means the check's verdict across locations.</li>
 * <li>{@code push}: counts a service posts per minute to /api/v1/slos/{slug}/counts.</li>
 * <li>{@code prometheus}: PromQL for good (or bad) and total events, read from a DataSource
 * every minute as increases over that minute.</li>
 * </ul>
 */
public record Indicator(Source source, String check, String location, Integer latencyThresholdMs, String dataSource, String goodQuery,
                        String badQuery, String totalQuery) {
    public enum Source {
        CHECK, PUSH, PROMETHEUS;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source parse(String text) {
            for (Source source : values()) {
                if (source.key().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return source;
                }
            }
            return null;
        }
    }

    public static Indicator check(String check, String location, Integer latencyThresholdMs) {
        return new Indicator(Source.CHECK, check, location, latencyThresholdMs, null, null, null, null);
    }

    public static Indicator push() {
        return new Indicator(Source.PUSH, null, null, null, null, null, null, null);
    }

    public static Indicator prometheus(String dataSource, String goodQuery, String badQuery, String totalQuery) {
        return new Indicator(Source.PROMETHEUS, null, null, null, dataSource, goodQuery, badQuery, totalQuery);
    }

    /** A latency SLI: a threshold on each event's value (OpenSLO thresholdMetric); otherwise a ratio. */
    public boolean threshold() {
        return latencyThresholdMs != null;
    }
}
