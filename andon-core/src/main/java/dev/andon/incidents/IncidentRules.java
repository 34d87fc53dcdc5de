package dev.andon.incidents;

import dev.andon.catalog.DependencyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of an incident's response, without storage: how a status change moves its times, the
 * durations the reports measure, who holds which role at first, what warnings the roles deserve and
 * which services a failure probably reaches.
 */
public final class IncidentRules {
    private IncidentRules() {}

    /**
     * The times that matter. {@code startedAt}: when users were first hurt; {@code detectedAt}: when
     * someone or something noticed; {@code acknowledgedAt}: when a person took it on;
     * {@code mitigatedAt}: when the impact stopped (first time monitoring); {@code resolvedAt}: when it ended.
     */
    public record Times(Instant startedAt, Instant detectedAt, Instant acknowledgedAt, Instant mitigatedAt, Instant resolvedAt) {
        public Times {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(detectedAt, "detectedAt");
        }

        public Duration timeToDetect() {
            return between(startedAt, detectedAt);
        }

        public Duration timeToAcknowledge() {
            return between(detectedAt, acknowledgedAt);
        }

        public Duration timeToMitigate() {
            return between(startedAt, mitigatedAt);
        }

        public Duration timeToResolve() {
            return between(startedAt, resolvedAt);
        }

        private static Duration between(Instant from, Instant to) {
            if (from == null || to == null) {
                return null;
            }
            Duration duration = Duration.between(from, to);
            return duration.isNegative() ? Duration.ZERO : duration;
        }
    }

    /**
     * The times after moving from {@code from} to {@code to} at {@code now}. Any status may follow any
     * other: monitoring first sets mitigated_at (kept when monitoring again), resolved sets resolved_at
     * (and mitigated_at when it skipped monitoring), leaving resolved reopens and clears resolved_at.
     */
    public static Times afterStatus(Times times, IncidentStatus from, IncidentStatus to, Instant now) {
        Instant acknowledged = times.acknowledgedAt();
        Instant mitigated = times.mitigatedAt();
        Instant resolved = times.resolvedAt();
        if (to == IncidentStatus.MONITORING && mitigated == null) {
            mitigated = now;
        }
        if (to == IncidentStatus.RESOLVED) {
            resolved = now;
            mitigated = mitigated == null ? now : mitigated;
        } else {
            resolved = null;
        }
        if (to != IncidentStatus.INVESTIGATING && acknowledged == null) {
            acknowledged = now;
        }
        return new Times(times.startedAt(), times.detectedAt(), acknowledged, mitigated, resolved);
    }

    /** A resolved incident that changes status again is reopened: the caller logs it as such. */
    public static boolean reopens(IncidentStatus from, IncidentStatus to) {
        return from == IncidentStatus.RESOLVED && to != IncidentStatus.RESOLVED;
    }

    /** Whoever declares commands until a handover. */
    public static Map<IncidentRole, String> initialRoles(String declaredBy) {
        Map<IncidentRole, String> roles = new EnumMap<>(IncidentRole.class);
        roles.put(IncidentRole.COMMANDER, declaredBy);
        return roles;
    }

    /**
     * Warnings about who holds the roles: in SEV1 and SEV2 one person must not both fix
     * (operations) and talk to stakeholders (communications); each does a full-time job.
     */
    public static List<String> roleWarnings(IncidentSeverity severity, Map<IncidentRole, String> roles) {
        List<String> warnings = new ArrayList<>();
        String operations = roles.get(IncidentRole.OPERATIONS);
        if (severity.major() && operations != null && operations.equals(roles.get(IncidentRole.COMMUNICATIONS))) {
            warnings.add("In " + severity.name() + ", " + operations + " should not be both operations lead and communications lead:"
                    + " hand one of the roles to someone else.");
        }
        return warnings;
    }

    /**
     * The services probably hit too: every service that depends, directly or not, on an impacted
     * one and is not itself marked impacted. The nearest and worst reach of each wins.
     */
    public static List<DependencyGraph.Impact> blastRadius(DependencyGraph graph, Collection<String> impacted) {
        Set<String> marked = Set.copyOf(impacted);
        Map<String, DependencyGraph.Impact> best = new LinkedHashMap<>();
        for (String service : impacted) {
            for (DependencyGraph.Impact impact : graph.blastRadius(service)) {
                if (marked.contains(impact.service())) {
                    continue;
                }
                best.merge(impact.service(), impact, (known, other) -> new DependencyGraph.Impact(known.service(),
                        Math.min(known.distance(), other.distance()),
                        known.level() == DependencyGraph.Impact.Level.DOWN || other.level() == DependencyGraph.Impact.Level.DOWN
                                ? DependencyGraph.Impact.Level.DOWN : DependencyGraph.Impact.Level.DEGRADED));
            }
        }
        return best.values().stream().sorted(Comparator.comparingInt(DependencyGraph.Impact::distance)
                .thenComparing(DependencyGraph.Impact::service)).toList();
    }

    /** The mean time from start to resolution over the resolved incidents, or null when none is. */
    public static Duration meanTimeToResolve(Collection<Times> incidents) {
        List<Duration> durations = incidents.stream().map(Times::timeToResolve).filter(Objects::nonNull).toList();
        return durations.isEmpty() ? null : durations.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(durations.size());
    }

    /**
     * The mean time between failures over a window: the time up (the window less the time spent in
     * incidents, overlaps counted once) divided by the number of incidents that started in it. Null
     * when none did.
     */
    public static Duration meanTimeBetweenFailures(Collection<Times> incidents, Instant from, Instant to) {
        List<Times> started = incidents.stream().filter(times -> !times.startedAt().isBefore(from) && times.startedAt().isBefore(to))
                .sorted(Comparator.comparing(Times::startedAt)).toList();
        if (started.isEmpty()) {
            return null;
        }
        Duration down = Duration.ZERO;
        Instant coveredUntil = from;
        for (Times times : started) {
            Instant end = times.resolvedAt() == null || times.resolvedAt().isAfter(to) ? to : times.resolvedAt();
            Instant begin = times.startedAt().isBefore(coveredUntil) ? coveredUntil : times.startedAt();
            if (end.isAfter(begin)) {
                down = down.plus(Duration.between(begin, end));
                coveredUntil = end;
            }
        }
        return Duration.between(from, to).minus(down).dividedBy(started.size());
    }

    /** The suggested body of an update for a status, in the words stakeholders expect. */
    public static String updateTemplate(IncidentStatus status) {
        return switch (status) {
            case INVESTIGATING -> "We are investigating reports of a problem with [service]. [What users see.] Next update within [time].";
            case IDENTIFIED -> "We have identified the cause: [cause]. We are working on a fix. [Workaround, if any.] Next update within [time].";
            case MONITORING -> "A fix has been applied and [service] is recovering. We are monitoring the results.";
            case RESOLVED -> "This incident is resolved: [service] works normally again since [time]. [What was affected, for how long.]";
        };
    }
}
