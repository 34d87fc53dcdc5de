package dev.andon.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.DependencyGraph.Impact;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    private static Service service(String slug, Dependency... dependencies) {
        return new Service(slug, slug, "", "service", 3, Lifecycle.PRODUCTION, null, null, List.of(), List.of(), Arrays.asList(dependencies));
    }

    private static Dependency hard(String slug) {
        return new Dependency(slug, DependencyKind.HARD);
    }

    private static Dependency soft(String slug) {
        return new Dependency(slug, DependencyKind.SOFT);
    }

    @Test
    void blastRadiusFollowsDependentsTransitively() {
        DependencyGraph graph = new DependencyGraph(List.of(
                service("db"), service("api", hard("db")), service("web", hard("api")), service("mobile", hard("api")), service("unrelated")));
        assertThat(graph.blastRadius("db")).containsExactly(
                new Impact("api", 1, Impact.Level.DOWN),
                new Impact("mobile", 2, Impact.Level.DOWN),
                new Impact("web", 2, Impact.Level.DOWN));
        assertThat(graph.blastRadius("unrelated")).isEmpty();
    }

    @Test
    void aSoftEdgeOnThePathOnlyDegrades() {
        DependencyGraph graph = new DependencyGraph(List.of(
                service("search"), service("api", soft("search")), service("web", hard("api"))));
        assertThat(graph.blastRadius("search")).containsExactly(
                new Impact("api", 1, Impact.Level.DEGRADED),
                new Impact("web", 2, Impact.Level.DEGRADED));
    }

    @Test
    void aHardPathWinsOverASoftOne() {
        DependencyGraph graph = new DependencyGraph(List.of(
                service("cache"), service("api", soft("cache")), service("worker", hard("cache")), service("web", hard("api"), hard("worker"))));
        assertThat(graph.blastRadius("cache")).contains(new Impact("web", 2, Impact.Level.DOWN));
    }

    @Test
    void cyclesTerminateAndNeverIncludeTheFailingServiceItself() {
        DependencyGraph graph = new DependencyGraph(List.of(service("a", hard("b")), service("b", hard("a")), service("c", hard("b"))));
        assertThat(graph.blastRadius("a")).extracting(Impact::service).containsExactly("b", "c");
        assertThat(graph.transitiveDependencies("c")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void dependentsAreListedBothWays() {
        DependencyGraph graph = new DependencyGraph(List.of(service("db"), service("api", soft("db"))));
        assertThat(graph.dependenciesOf("api")).containsExactly(soft("db"));
        assertThat(graph.dependentsOf("db")).containsExactly(new Dependency("api", DependencyKind.SOFT));
        assertThat(graph.dependentsOf("api")).isEmpty();
    }
}
