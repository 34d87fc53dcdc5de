package dev.andon.statuspage;

import java.util.Collection;

/**
 * A status page's overall indicator and its sentence, from its components and the impact of its
 * unresolved incidents: whichever is worse decides.
 */
public record PageIndicator(Impact indicator, String description) {

    public static PageIndicator of(Collection<ComponentStatus> components, Collection<Impact> unresolvedIncidents) {
        Impact fromIncidents = Impact.NONE;
        for (Impact impact : unresolvedIncidents) {
            fromIncidents = fromIncidents.worst(impact);
        }
        long major = components.stream().filter(status -> status == ComponentStatus.MAJOR_OUTAGE).count();
        boolean partial = components.contains(ComponentStatus.PARTIAL_OUTAGE);
        boolean degraded = components.contains(ComponentStatus.DEGRADED_PERFORMANCE);
        boolean maintenance = components.contains(ComponentStatus.UNDER_MAINTENANCE);
        Impact fromComponents;
        String description;
        if (major > 0 && major == components.size()) {
            fromComponents = Impact.CRITICAL;
            description = "Major System Outage";
        } else if (major > 0) {
            fromComponents = Impact.MAJOR;
            description = "Partial System Outage";
        } else if (partial) {
            fromComponents = Impact.MAJOR;
            description = "Partial System Outage";
        } else if (degraded) {
            fromComponents = Impact.MINOR;
            description = "Minor Service Outage";
        } else {
            fromComponents = Impact.NONE;
            description = maintenance ? "Service Under Maintenance" : "All Systems Operational";
        }
        if (fromIncidents.ordinal() > fromComponents.ordinal()) {
            description = switch (fromIncidents) {
                case CRITICAL -> "Major System Outage";
                case MAJOR -> "Partial System Outage";
                case MINOR -> "Minor Service Outage";
                case NONE -> description;
            };
            return new PageIndicator(fromIncidents, description);
        }
        return new PageIndicator(fromComponents, description);
    }
}
