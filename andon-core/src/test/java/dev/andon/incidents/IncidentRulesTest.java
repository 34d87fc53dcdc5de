package dev.andon.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentRulesTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private static Instant at(int minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    private static IncidentRules.Times declared() {
        return new IncidentRules.Times(START, at(5), null, null, null);
    }

    @Test
    void monitoringSetsMitigatedOnceAndResolvedSetsResolved() {
        IncidentRules.Times identified = IncidentRules.afterStatus(declared(), IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, at(10));
        assertThat(identified.acknowledgedAt()).isEqualTo(at(10));
        assertThat(identified.mitigatedAt()).isNull();
        IncidentRules.Times monitoring = IncidentRules.afterStatus(identified, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING, at(20));
        assertThat(monitoring.mitigatedAt()).isEqualTo(at(20));
        IncidentRules.Times again = IncidentRules.afterStatus(
                IncidentRules.afterStatus(monitoring, IncidentStatus.MONITORING, IncidentStatus.IDENTIFIED, at(25)),
                IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING, at(30));
        assertThat(again.mitigatedAt()).as("the first mitigation counts").isEqualTo(at(20));
        IncidentRules.Times resolved = IncidentRules.afterStatus(again, IncidentStatus.MONITORING, IncidentStatus.RESOLVED, at(60));
        assertThat(resolved.resolvedAt()).isEqualTo(at(60));
        assertThat(resolved.timeToDetect()).isEqualTo(Duration.ofMinutes(5));
        assertThat(resolved.timeToAcknowledge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(resolved.timeToMitigate()).isEqualTo(Duration.ofMinutes(20));
        assertThat(resolved.timeToResolve()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void resolvingWithoutMonitoringMitigatesThenAndReopeningClearsResolved() {
        IncidentRules.Times resolved = IncidentRules.afterStatus(declared(), IncidentStatus.INVESTIGATING, IncidentStatus.RESOLVED, at(40));
        assertThat(resolved.mitigatedAt()).isEqualTo(at(40));
        assertThat(IncidentRules.reopens(IncidentStatus.RESOLVED, IncidentStatus.INVESTIGATING)).isTrue();
        IncidentRules.Times reopened = IncidentRules.afterStatus(resolved, IncidentStatus.RESOLVED, IncidentStatus.INVESTIGATING, at(50));
        assertThat(reopened.resolvedAt()).isNull();
        assertThat(reopened.timeToResolve()).isNull();
        assertThat(reopened.mitigatedAt()).isEqualTo(at(40));
    }

    @Test
    void theDeclarerCommandsAndMajorIncidentsWarnWhenOnePersonFixesAndCommunicates() {
        Map<IncidentRole, String> roles = new EnumMap<>(IncidentRules.initialRoles("alice"));
        assertThat(roles).containsExactly(Map.entry(IncidentRole.COMMANDER, "alice"));
        roles.put(IncidentRole.OPERATIONS, "bob");
        roles.put(IncidentRole.COMMUNICATIONS, "bob");
        assertThat(IncidentRules.roleWarnings(IncidentSeverity.SEV1, roles)).singleElement().asString()
                .contains("bob").contains("operations lead and communications lead");
        assertThat(IncidentRules.roleWarnings(IncidentSeverity.SEV2, roles)).hasSize(1);
        assertThat(IncidentRules.roleWarnings(IncidentSeverity.SEV3, roles)).isEmpty();
        roles.put(IncidentRole.COMMUNICATIONS, "carol");
        assertThat(IncidentRules.roleWarnings(IncidentSeverity.SEV1, roles)).isEmpty();
    }

    @Test
    void blastRadiusSuggestsEveryServiceThatDependsOnTheImpactedOnes() {
        Service db = service("db");
        Service api = service("api", new Dependency("db", DependencyKind.HARD));
        Service web = service("web", new Dependency("api", DependencyKind.HARD));
        Service reports = service("reports", new Dependency("db", DependencyKind.SOFT));
        Service lonely = service("lonely");
        DependencyGraph graph = new DependencyGraph(List.of(db, api, web, reports, lonely));
        assertThat(IncidentRules.blastRadius(graph, List.of("db", "api"))).extracting(DependencyGraph.Impact::service)
                .containsExactly("reports", "web");
        assertThat(IncidentRules.blastRadius(graph, List.of("db"))).extracting(DependencyGraph.Impact::service)
                .containsExactly("api", "reports", "web");
        assertThat(IncidentRules.blastRadius(graph, List.of("lonely"))).isEmpty();
    }

    @Test
    void meanTimesOverAWindow() {
        Instant from = START;
        Instant to = START.plus(Duration.ofHours(10));
        List<IncidentRules.Times> incidents = List.of(
                new IncidentRules.Times(at(60), at(60), null, null, at(120)),
                new IncidentRules.Times(at(300), at(300), null, null, at(420)));
        assertThat(IncidentRules.meanTimeToResolve(incidents)).isEqualTo(Duration.ofMinutes(90));
        assertThat(IncidentRules.meanTimeBetweenFailures(incidents, from, to)).isEqualTo(Duration.ofMinutes((600 - 180) / 2));
        assertThat(IncidentRules.meanTimeBetweenFailures(List.of(), from, to)).isNull();
        assertThat(IncidentRules.updateTemplate(IncidentStatus.MONITORING)).contains("monitoring");
    }

    private static Service service(String slug, Dependency... dependencies) {
        return new Service(slug, slug, "", "service", 3, null, null, null, List.of(), List.of(), List.of(dependencies));
    }
}
