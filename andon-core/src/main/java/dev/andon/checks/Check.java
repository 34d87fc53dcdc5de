package dev.andon.checks;

import dev.andon.catalog.Slug;
import dev.andon.probe.ProbeSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * A health check as users define it: what to probe ({@link ProbeSpec}), for which service, how
 * often, from which locations, and when it counts as down. The probe's own settings are validated
 * by its spec; {@link #validate()} checks the rest and names the field that is wrong.
 */
public record Check(String slug, String name, String service, ProbeSpec probe, Duration interval, Duration timeout,
                    int retries, Thresholds thresholds, List<String> locations, DownRule downWhen, boolean paused) {

    public static final String LOCAL = "local";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofHours(24);

    public Check {
        locations = locations == null || locations.isEmpty() ? List.of(LOCAL) : List.copyOf(locations);
        thresholds = thresholds == null ? Thresholds.DEFAULT : thresholds;
        downWhen = downWhen == null ? DownRule.parse("any") : downWhen;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        // Left out, the timeout is 10 s, but never longer than the interval.
        timeout = timeout != null ? timeout : interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT;
        name = name == null || name.isBlank() ? slug : name;
    }

    public String type() {
        return probe == null ? null : probe.type();
    }

    /** Throws {@link InvalidCheckException} naming the first field that is wrong. */
    public Check validate() {
        String slugProblem = Slug.problem(slug);
        if (slugProblem != null) {
            throw new InvalidCheckException("name", slugProblem);
        }
        if (service == null || service.isBlank()) {
            throw new InvalidCheckException("service", "is required: the slug of the service this check watches");
        }
        if (probe == null) {
            throw new InvalidCheckException("type", "is required");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidCheckException("interval", "must be between 1s and 24h, not " + interval.toMillis() + " ms");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
            throw new InvalidCheckException("timeout", "must be positive and at most the interval (" + interval.toMillis() + " ms)");
        }
        if (retries < 0 || retries > 5) {
            throw new InvalidCheckException("retries", "must be 0-5, not " + retries);
        }
        if (new HashSet<>(locations).size() != locations.size()) {
            throw new InvalidCheckException("locations", "names a location twice");
        }
        for (int i = 0; i < locations.size(); i++) {
            String problem = Slug.problem(locations.get(i));
            if (problem != null) {
                throw new InvalidCheckException("locations[" + i + "]", problem);
            }
        }
        downWhen.validate(locations.size());
        return this;
    }
}
