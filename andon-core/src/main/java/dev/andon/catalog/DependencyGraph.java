package dev.andon.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services as a graph: who I depend on, who depends on me, and how far a failure spreads.
 * Cycles are allowed (real systems have them) and every traversal stops at nodes already seen.
 */
public final class DependencyGraph {
    private final Map<String, List<Dependency>> dependencies = new LinkedHashMap<>();
    private final Map<String, List<Dependency>> dependents = new HashMap<>();

    public DependencyGraph(Collection<Service> services) {
        for (Service service : services) {
            dependencies.put(service.slug(), service.dependencies());
        }
        for (Service service : services) {
            for (Dependency dependency : service.dependencies()) {
                dependents.computeIfAbsent(dependency.service(), key -> new ArrayList<>())
                        .add(new Dependency(service.slug(), dependency.kind()));
            }
        }
        dependents.values().forEach(list -> list.sort(Comparator.comparing(Dependency::service)));
    }

    public Set<String> services() {
        return dependencies.keySet();
    }

    /** Whom {@code slug} depends on directly. */
    public List<Dependency> dependenciesOf(String slug) {
        return dependencies.getOrDefault(slug, List.of());
    }

    /** Who depends on {@code slug} directly (the kind is the kind of their dependency on it). */
    public List<Dependency> dependentsOf(String slug) {
        return dependents.getOrDefault(slug, List.of());
    }

    /**
     * Every service that fails or degrades, directly or transitively, when {@code slug} fails.
     * A service reached through hard dependencies only is DOWN; one reached only through a soft
     * edge somewhere on every path is DEGRADED. Ordered by distance, then slug.
     */
    public List<Impact> blastRadius(String slug) {
        Map<String, Impact> best = new LinkedHashMap<>();
        Deque<Impact> queue = new ArrayDeque<>();
        queue.add(new Impact(slug, 0, Impact.Level.DOWN));
        while (!queue.isEmpty()) {
            Impact current = queue.poll();
            for (Dependency dependent : dependentsOf(current.service())) {
                Impact.Level level = current.level() == Impact.Level.DOWN && dependent.kind() == DependencyKind.HARD
                        ? Impact.Level.DOWN : Impact.Level.DEGRADED;
                Impact known = best.get(dependent.service());
                boolean better = known == null || (level == Impact.Level.DOWN && known.level() == Impact.Level.DEGRADED);
                if (better && !dependent.service().equals(slug)) {
                    int distance = known == null ? current.distance() + 1 : Math.min(known.distance(), current.distance() + 1);
                    Impact impact = new Impact(dependent.service(), distance, level);
                    best.put(dependent.service(), impact);
                    queue.add(impact);
                }
            }
        }
        return best.values().stream()
                .sorted(Comparator.comparingInt(Impact::distance).thenComparing(Impact::service))
                .toList();
    }

    /** Everything {@code slug} needs, transitively (its upstream). */
    public Set<String> transitiveDependencies(String slug) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(slug));
        while (!queue.isEmpty()) {
            for (Dependency dependency : dependenciesOf(queue.poll())) {
                if (!dependency.service().equals(slug) && seen.add(dependency.service())) {
                    queue.add(dependency.service());
                }
            }
        }
        return seen;
    }

    /** A service hit by another's failure, how many hops away, and how badly. */
    public record Impact(String service, int distance, Level level) {
        public enum Level { DOWN, DEGRADED }
    }
}
