package dev.andon.incidents;

import java.time.Duration;

/**
 * How bad an incident is, SEV1 (worst) to SEV5, with the definition shown wherever the choice is
 * made, and how often stakeholders expect an update (a reminder fires when none was posted for
 * that long).
 */
public enum IncidentSeverity {
    SEV1("Complete outage", "The service is down for everyone, or data is being lost.", Duration.ofMinutes(15)),
    SEV2("Major functionality broken", "A major feature is broken for many users, or revenue is affected.", Duration.ofMinutes(30)),
    SEV3("Minor problem", "A minor feature is broken or degraded, with a workaround.", Duration.ofHours(1)),
    SEV4("Redundant component failure", "Something failed, but redundancy keeps users unaffected.", Duration.ofHours(4)),
    SEV5("False alarm or unactionable alert", "Nothing users can see; recorded to learn from.", Duration.ofHours(24));

    private final String title;
    private final String definition;
    private final Duration updateEvery;

    IncidentSeverity(String title, String definition, Duration updateEvery) {
        this.title = title;
        this.definition = definition;
        this.updateEvery = updateEvery;
    }

    public String title() {
        return title;
    }

    public String definition() {
        return definition;
    }

    /** How long without an update before the incident's communications lead is reminded. */
    public Duration updateEvery() {
        return updateEvery;
    }

    /** SEV1 and SEV2: serious enough that one person must not both fix and communicate. */
    public boolean major() {
        return this == SEV1 || this == SEV2;
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static IncidentSeverity parse(String text) {
        if (text == null) {
            return null;
        }
        for (IncidentSeverity severity : values()) {
            if (severity.name().equalsIgnoreCase(text.strip())) {
                return severity;
            }
        }
        return null;
    }
}
