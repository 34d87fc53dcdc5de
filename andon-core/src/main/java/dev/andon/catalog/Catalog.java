package dev.andon.catalog;

import dev.andon.alerts.Integration;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.checks.Check;
import dev.andon.checks.Heartbeat;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.Schedule;
import java.util.List;
import java.util.Optional;

/**
 * Everything configuration as code manages at one moment: what `andon export` writes and what a
 * plan is computed against. The catalog proper plus the checks and heartbeats that watch it and the
 * integrations and maintenance windows that route and quiet its alerts, and the schedules and escalation
 * policies that say who is paged.
 */
public record Catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services,
                      List<Check> checks, List<Heartbeat> heartbeats, List<Integration> integrations,
                      List<MaintenanceWindow> maintenanceWindows, List<Schedule> schedules, List<EscalationPolicy> escalationPolicies) {
    public Catalog {
        schedules = List.copyOf(schedules);
        escalationPolicies = List.copyOf(escalationPolicies);
        users = List.copyOf(users);
        teams = List.copyOf(teams);
        systems = List.copyOf(systems);
        services = List.copyOf(services);
        checks = List.copyOf(checks);
        heartbeats = List.copyOf(heartbeats);
        integrations = List.copyOf(integrations);
        maintenanceWindows = List.copyOf(maintenanceWindows);
    }

    /** The catalog alone, with no checks, heartbeats or alert settings (what the catalog repository knows). */
    public Catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services) {
        this(users, teams, systems, services, List.of(), List.of());
    }

    /** The catalog with its checks and heartbeats, and no integrations or maintenance windows. */
    public Catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services, List<Check> checks,
                   List<Heartbeat> heartbeats) {
        this(users, teams, systems, services, checks, heartbeats, List.of(), List.of());
    }

    /** The catalog with checks, heartbeats and alert settings, and no on-call settings. */
    public Catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services, List<Check> checks,
                   List<Heartbeat> heartbeats, List<Integration> integrations, List<MaintenanceWindow> maintenanceWindows) {
        this(users, teams, systems, services, checks, heartbeats, integrations, maintenanceWindows, List.of(), List.of());
    }

    public static Catalog empty() {
        return new Catalog(List.of(), List.of(), List.of(), List.of());
    }

    /** The same catalog with these checks and heartbeats in place of its own. */
    public Catalog withChecks(List<Check> checks, List<Heartbeat> heartbeats) {
        return new Catalog(users, teams, systems, services, checks, heartbeats, integrations, maintenanceWindows, schedules,
                escalationPolicies);
    }

    /** The same catalog with these schedules and escalation policies in place of its own. */
    public Catalog withOnCall(List<Schedule> schedules, List<EscalationPolicy> escalationPolicies) {
        return new Catalog(users, teams, systems, services, checks, heartbeats, integrations, maintenanceWindows, schedules,
                escalationPolicies);
    }

    /** The same catalog with these integrations and maintenance windows in place of its own. */
    public Catalog withAlertSettings(List<Integration> integrations, List<MaintenanceWindow> maintenanceWindows) {
        return new Catalog(users, teams, systems, services, checks, heartbeats, integrations, maintenanceWindows, schedules,
                escalationPolicies);
    }

    public Optional<Team> team(String slug) {
        return teams.stream().filter(team -> team.slug().equals(slug)).findFirst();
    }

    public Optional<Service> service(String slug) {
        return services.stream().filter(service -> service.slug().equals(slug)).findFirst();
    }

    public DependencyGraph graph() {
        return new DependencyGraph(services);
    }
}
