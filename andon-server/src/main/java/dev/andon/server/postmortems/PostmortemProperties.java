package dev.andon.server.postmortems;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.postmortems.PostmortemRules;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Postmortem settings ({@code andon.postmortems.*}): whether resolving an incident drafts its
 * postmortem, for which severities, and how long after resolution the postmortem is due.
 */
@ConfigurationProperties("andon.postmortems")
public record PostmortemProperties(Boolean autoDraft, List<String> severities, Duration dueAfter) {
    public PostmortemProperties {
        autoDraft = autoDraft == null || autoDraft;
        severities = severities == null || severities.isEmpty()
                ? PostmortemRules.DEFAULT_SEVERITIES.stream().map(Enum::name).sorted().toList() : List.copyOf(severities);
        for (String severity : severities) {
            if (IncidentSeverity.parse(severity) == null) {
                throw new IllegalArgumentException("andon.postmortems.severities: '" + severity + "' is not one of SEV1, SEV2, SEV3, SEV4, SEV5");
            }
        }
        dueAfter = dueAfter == null ? PostmortemRules.DEFAULT_DUE_AFTER : dueAfter;
        if (dueAfter.isNegative() || dueAfter.isZero()) {
            throw new IllegalArgumentException("andon.postmortems.due-after: must be positive, such as 48h");
        }
    }

    public Set<IncidentSeverity> draftedSeverities() {
        return severities.stream().map(IncidentSeverity::parse).collect(Collectors.toUnmodifiableSet());
    }
}
