package dev.andon.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered drawing of a dependency graph: dependents above, their dependencies below, so every
 * edge points down. Layers come from the longest path to a service with no dependencies; within
 * a layer, services are ordered by the mean position of their neighbours to cut crossings.
 */
public final class GraphLayout {
    public static final int NODE_WIDTH = 168;
    public static final int NODE_HEIGHT = 40;
    public static final int COLUMN_GAP = 28;
    public static final int ROW_GAP = 64;
    public static final int MARGIN = 16;

    private final List<Node> nodes;
    private final List<Edge> edges;
    private final int width;
    private final int height;

    private GraphLayout(List<Node> nodes, List<Edge> edges, int width, int height) {
        this.nodes = nodes;
        this.edges = edges;
        this.width = width;
        this.height = height;
    }

    /** Lays out the services named in {@code include} (all when null) and the edges between them. */
    public static GraphLayout of(DependencyGraph graph, Set<String> include) {
        Set<String> members = new LinkedHashSet<>();
        for (String slug : graph.services()) {
            if (include == null || include.contains(slug)) {
                members.add(slug);
            }
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String slug : members) {
            depthOf(slug, graph, members, depth, new HashSet<>());
        }
        int maxDepth = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // Row 0 is the top: the services with the longest chain beneath them.
        List<List<String>> rows = new ArrayList<>();
        for (int row = 0; row <= maxDepth; row++) {
            rows.add(new ArrayList<>());
        }
        members.stream().sorted().forEach(slug -> rows.get(maxDepth - depth.get(slug)).add(slug));
        orderRows(rows, graph, members);

        int widest = rows.stream().mapToInt(List::size).max().orElse(0);
        int width = Math.max(1, widest) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP + 2 * MARGIN;
        int height = rows.size() * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 2 * MARGIN;
        Map<String, Node> placed = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            List<String> slugs = rows.get(row);
            int rowWidth = slugs.size() * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
            int left = (width - rowWidth) / 2;
            for (int column = 0; column < slugs.size(); column++) {
                Node node = new Node(slugs.get(column), left + column * (NODE_WIDTH + COLUMN_GAP),
                        MARGIN + row * (NODE_HEIGHT + ROW_GAP));
                placed.put(node.service(), node);
                nodes.add(node);
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (String slug : members) {
            for (Dependency dependency : graph.dependenciesOf(slug)) {
                if (placed.containsKey(dependency.service())) {
                    edges.add(new Edge(placed.get(slug), placed.get(dependency.service()), dependency.kind()));
                }
            }
        }
        return new GraphLayout(nodes, edges, width, height);
    }

    private static int depthOf(String slug, DependencyGraph graph, Set<String> members, Map<String, Integer> depth, Set<String> onPath) {
        Integer known = depth.get(slug);
        if (known != null) {
            return known;
        }
        onPath.add(slug);
        int deepest = 0;
        for (Dependency dependency : graph.dependenciesOf(slug)) {
            // An edge back onto the current path closes a cycle: ignore it for layering.
            if (members.contains(dependency.service()) && !onPath.contains(dependency.service())) {
                deepest = Math.max(deepest, 1 + depthOf(dependency.service(), graph, members, depth, onPath));
            }
        }
        onPath.remove(slug);
        depth.put(slug, deepest);
        return deepest;
    }

    private static void orderRows(List<List<String>> rows, DependencyGraph graph, Set<String> members) {
        for (int sweep = 0; sweep < 4; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int i = 1; i < rows.size(); i++) {
                int row = down ? i : rows.size() - 1 - i;
                int neighbourRow = down ? row - 1 : row + 1;
                Map<String, Integer> position = new HashMap<>();
                List<String> neighbours = rows.get(neighbourRow);
                for (int p = 0; p < neighbours.size(); p++) {
                    position.put(neighbours.get(p), p);
                }
                List<String> current = rows.get(row);
                Map<String, Double> barycenter = new HashMap<>();
                for (int p = 0; p < current.size(); p++) {
                    String slug = current.get(p);
                    List<String> linked = new ArrayList<>();
                    graph.dependenciesOf(slug).forEach(d -> linked.add(d.service()));
                    graph.dependentsOf(slug).forEach(d -> linked.add(d.service()));
                    double sum = 0;
                    int count = 0;
                    for (String other : linked) {
                        Integer at = position.get(other);
                        if (at != null && members.contains(other)) {
                            sum += at;
                            count++;
                        }
                    }
                    barycenter.put(slug, count == 0 ? p : sum / count);
                }
                current.sort(Comparator.comparingDouble(barycenter::get));
            }
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A service's box, by its top-left corner. */
    public record Node(String service, int x, int y) {
        public int centerX() {
            return x + NODE_WIDTH / 2;
        }
    }

    /** A drawn dependency from a dependent down to what it depends on. */
    public record Edge(Node from, Node to, DependencyKind kind) {}
}
