package dev.andon.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {

    private static Service service(String slug, String... dependencies) {
        return new Service(slug, slug, "", "service", 3, Lifecycle.PRODUCTION, null, null, List.of(), List.of(),
                java.util.Arrays.stream(dependencies).map(d -> new Dependency(d, DependencyKind.HARD)).toList());
    }

    @Test
    void everyEdgePointsDownFromDependentToDependency() {
        DependencyGraph graph = new DependencyGraph(List.of(
                service("web", "api"), service("api", "db", "cache"), service("db"), service("cache"), service("batch", "db")));
        GraphLayout layout = GraphLayout.of(graph, null);
        assertThat(layout.nodes()).hasSize(5);
        assertThat(layout.edges()).hasSize(4).allSatisfy(edge -> assertThat(edge.from().y()).isLessThan(edge.to().y()));
        Map<Integer, Long> perRow = layout.nodes().stream().collect(Collectors.groupingBy(GraphLayout.Node::y, Collectors.counting()));
        assertThat(perRow).hasSize(3);
    }

    @Test
    void nodesNeverOverlapAndFitTheCanvas() {
        DependencyGraph graph = new DependencyGraph(List.of(service("a"), service("b"), service("c"), service("d", "a", "b", "c")));
        GraphLayout layout = GraphLayout.of(graph, null);
        for (GraphLayout.Node node : layout.nodes()) {
            assertThat(node.x()).isGreaterThanOrEqualTo(0);
            assertThat(node.x() + GraphLayout.NODE_WIDTH).isLessThanOrEqualTo(layout.width());
            assertThat(node.y() + GraphLayout.NODE_HEIGHT).isLessThanOrEqualTo(layout.height());
            for (GraphLayout.Node other : layout.nodes()) {
                if (node != other && node.y() == other.y()) {
                    assertThat(Math.abs(node.x() - other.x())).isGreaterThanOrEqualTo(GraphLayout.NODE_WIDTH);
                }
            }
        }
    }

    @Test
    void cyclesAreLaidOutAndASubsetOnlyDrawsItsMembers() {
        DependencyGraph graph = new DependencyGraph(List.of(service("a", "b"), service("b", "a"), service("c", "a")));
        assertThat(GraphLayout.of(graph, null).nodes()).hasSize(3);
        GraphLayout subset = GraphLayout.of(graph, Set.of("a", "c"));
        assertThat(subset.nodes()).extracting(GraphLayout.Node::service).containsExactlyInAnyOrder("a", "c");
        assertThat(subset.edges()).hasSize(1);
    }
}
