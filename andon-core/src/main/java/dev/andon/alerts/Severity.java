package dev.andon.alerts;

import java.util.Locale;

/** PagerDuty's four alert severities, most urgent first; every source is mapped onto these. */
public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    /** As written in PagerDuty events, the API and YAML: {@code critical}, {@code error}... */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity spelled exactly as PagerDuty does (lower case), or null when it is not one. */
    public static Severity parse(String value) {
        for (Severity severity : values()) {
            if (severity.text().equals(value)) {
                return severity;
            }
        }
        return null;
    }

    /** The more urgent of the two. */
    public Severity max(Severity other) {
        return other == null || ordinal() <= other.ordinal() ? this : other;
    }
}
