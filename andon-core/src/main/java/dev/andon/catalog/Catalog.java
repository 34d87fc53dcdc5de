package dev.andon.catalog;

import java.util.List;
import java.util.Optional;

/** A whole catalog at one moment: what `andon export` writes and what a plan is computed against. */
public record Catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services) {
    public Catalog {
        users = List.copyOf(users);
        teams = List.copyOf(teams);
        systems = List.copyOf(systems);
        services = List.copyOf(services);
    }

    public static Catalog empty() {
        return new Catalog(List.of(), List.of(), List.of(), List.of());
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
