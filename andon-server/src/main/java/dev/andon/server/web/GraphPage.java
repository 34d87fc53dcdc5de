package dev.andon.server.web;

import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.GraphLayout;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.server.catalog.CatalogService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The whole dependency graph, or one team's or system's part of it with what that part directly
 * depends on, drawn on the server so it works without script.
 */
@Controller
public class GraphPage {
    private final CatalogService catalog;

    public GraphPage(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** The drawing, how many services it shows, and the filters as chosen. */
    public record GraphView(String svg, int shown, List<Team> teams, List<CatalogSystem> systems, String team, String system) {
        public boolean filtered() {
            return !team.isEmpty() || !system.isEmpty();
        }
    }

    @GetMapping("/graph")
    public String graph(@RequestParam(defaultValue = "") String team, @RequestParam(defaultValue = "") String system, Model model) {
        List<Service> services = catalog.repository().services();
        Map<String, Service> bySlug = services.stream().collect(Collectors.toMap(Service::slug, Function.identity()));
        DependencyGraph graph = new DependencyGraph(services);
        Set<String> part = new LinkedHashSet<>();
        boolean filtered = !team.isEmpty() || !system.isEmpty();
        if (filtered) {
            for (Service service : services) {
                boolean teamMatches = team.isEmpty() || team.equals(service.ownerTeam());
                boolean systemMatches = system.isEmpty() || system.equals(service.system());
                if (teamMatches && systemMatches) {
                    part.add(service.slug());
                    // Direct dependencies come along: what this part needs is half the story of why it fails.
                    service.dependencies().forEach(dependency -> part.add(dependency.service()));
                }
            }
        }
        GraphLayout layout = GraphLayout.of(graph, filtered ? part : null);
        model.addAttribute("view", new GraphView(layout.nodes().isEmpty() ? "" : GraphSvg.render(layout, bySlug, null),
                layout.nodes().size(), catalog.repository().teams(), catalog.repository().systems(), team, system));
        return "graph";
    }
}
