package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.server.catalog.CatalogQueries;
import dev.andon.server.catalog.CatalogService;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The system pages: the list of systems and the page of one system with its owner, services and history.
 * Systems are defined in YAML or through the API, so there are no forms here.
 */
@Controller
public class SystemPages {
    private final CatalogService catalog;
    private final CatalogQueries queries;

    public SystemPages(CatalogService catalog, CatalogQueries queries) {
        this.catalog = catalog;
        this.queries = queries;
    }

    /** A system in the list with its owner team (null when it has none or the team is gone) and how many services it groups. */
    public record Row(CatalogSystem system, Team owner, long services) {}

    /** The system list. */
    public record ListView(List<Row> systems) {}

    /** Everything the page of one system shows; services most critical first, with the teams that own them by slug. */
    public record DetailView(CatalogSystem system, Team owner, List<Service> services, Map<String, Team> teams,
                             List<EventHistory.Entry> history) {

        /** The name of the team owning a service, or its slug when the team is not known. */
        public String teamName(String slug) {
            Team team = teams.get(slug);
            return team == null ? slug : team.name();
        }
    }

    @GetMapping("/systems")
    public String list(Model model) {
        Map<String, Long> grouped = catalog.repository().services().stream().filter(service -> service.system() != null)
                .collect(Collectors.groupingBy(Service::system, Collectors.counting()));
        Map<String, Team> teams = teamsBySlug();
        List<Row> rows = catalog.repository().systems().stream()
                .map(system -> new Row(system, system.ownerTeam() == null ? null : teams.get(system.ownerTeam()),
                        grouped.getOrDefault(system.slug(), 0L)))
                .toList();
        model.addAttribute("view", new ListView(rows));
        return "systems/list";
    }

    @GetMapping("/systems/{slug}")
    public String show(@PathVariable String slug, Model model) {
        CatalogSystem system = catalog.repository().system(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no system '" + slug + "'"));
        Map<String, Team> teams = teamsBySlug();
        List<Service> services = catalog.repository().services().stream().filter(service -> slug.equals(service.system()))
                .sorted(Comparator.comparingInt(Service::tier).thenComparing(Service::name, String.CASE_INSENSITIVE_ORDER)).toList();
        Team owner = system.ownerTeam() == null ? null : teams.get(system.ownerTeam());
        model.addAttribute("view", new DetailView(system, owner, services, teams, EventHistory.of(queries.history("system", slug))));
        return "systems/show";
    }

    private Map<String, Team> teamsBySlug() {
        return catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, Function.identity()));
    }
}
