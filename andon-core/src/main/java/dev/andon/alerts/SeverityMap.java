package dev.andon.alerts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps whatever a source calls a severity ({@code page}, {@code P2}, {@code warn}, {@code sev1},
 * {@code average}) onto PagerDuty's four. An integration's own overrides win, then PagerDuty's
 * four spellings, then {@link #SPELLINGS}; anything else gets the caller's fallback.
 */
public final class SeverityMap {

    /**
     * Common spellings from Prometheus rules, syslog, Zabbix, Opsgenie and Datadog priorities, and
     * incident SEV levels, lower case, most urgent first. Priorities read as severities: P1 is
     * critical, P4 and P5 info.
     */
    public static final Map<String, Severity> SPELLINGS = spellings();

    private SeverityMap() {}

    /**
     * @param value     the source's severity, compared trimmed and lower-cased; null or blank gives the fallback
     * @param overrides the integration's table (keys compared trimmed and lower-cased); may be null
     * @param fallback  what an unknown or absent value means
     */
    public static Severity map(String value, Map<String, Severity> overrides, Severity fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String key = normalized(value);
        if (overrides != null) {
            for (Map.Entry<String, Severity> override : overrides.entrySet()) {
                if (override.getKey() != null && override.getValue() != null && normalized(override.getKey()).equals(key)) {
                    return override.getValue();
                }
            }
        }
        Severity severity = SPELLINGS.get(key);
        return severity == null ? fallback : severity;
    }

    private static String normalized(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Severity> spellings() {
        Map<String, Severity> table = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            table.put(severity.text(), severity);
        }
        put(table, Severity.CRITICAL, "crit", "fatal", "emergency", "emerg", "alert", "page", "disaster", "p1", "sev1");
        put(table, Severity.ERROR, "err", "high", "major", "p2", "sev2");
        put(table, Severity.WARNING, "warn", "medium", "moderate", "minor", "average", "p3", "sev3");
        put(table, Severity.INFO, "informational", "information", "low", "notice", "none", "ok", "debug", "p4", "p5", "sev4", "sev5");
        return java.util.Collections.unmodifiableMap(table);
    }

    private static void put(Map<String, Severity> table, Severity severity, String... spellings) {
        for (String spelling : spellings) {
            table.put(spelling, severity);
        }
    }
}
