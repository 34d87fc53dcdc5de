package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.GraphLayout;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogQueries;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The service pages: the searchable list, the page of one service (owners, runbook, dependencies,
 * blast radius, history) and the forms that create, change and delete services.
 */
@Controller
public class ServicePages {
    private final CatalogService catalog;
    private final CatalogQueries queries;
    private final OnCallStore onCall;

    public ServicePages(CatalogService catalog, CatalogQueries queries, OnCallStore onCall) {
        this.catalog = catalog;
        this.queries = queries;
        this.onCall = onCall;
    }

    /** The list with its filters as typed; {@code catalogEmpty} tells "no services yet" from "none match". */
    public record ListView(List<Service> services, Map<String, Team> teams, String q, String team, String tier, String lifecycle,
                           boolean catalogEmpty, String deleted) {
        public boolean filtered() {
            return !q.isEmpty() || !team.isEmpty() || !tier.isEmpty() || !lifecycle.isEmpty();
        }

        public List<Team> sortedTeams() {
            return teams.values().stream().sorted(java.util.Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER)).toList();
        }

        public List<String> lifecycles() {
            return Arrays.stream(Lifecycle.values()).map(Lifecycle::wireName).toList();
        }
    }

    /** The create or edit form with what to offer in its selects. */
    public record FormView(boolean creating, ServiceForm form, FormErrors errors, List<Team> teams, List<CatalogSystem> systems,
                           List<EscalationPolicy> escalationPolicies) {

        private static final Map<String, String> LABELS = FormErrors.labels("name", "Name", "slug", "Slug", "description", "Description",
                "type", "Type", "lifecycle", "Lifecycle", "tier", "Tier", "owner", "Owner team", "system", "System",
                "escalationPolicy", "Escalation policy", "tags", "Tags",
                "runbook", "Runbook URL", "docs", "Docs URL", "repository", "Repository URL", "dashboards", "Dashboards",
                "dependsOn", "Depends on");

        public boolean focus(String field) {
            return errors.autofocus(field, "name", LABELS.keySet());
        }

        /** Field labels for the error summary, whose entries link to their fields. */
        public Map<String, String> labels() {
            return LABELS;
        }

        public List<String> lifecycles() {
            return Arrays.stream(Lifecycle.values()).map(Lifecycle::wireName).toList();
        }
    }

    /** A neighbour in the graph as listed on a service page; tier 0 when the service is unknown. */
    public record Related(String slug, String name, int tier, DependencyKind kind) {}

    /** A service hit when the one shown fails. */
    public record Impact(String slug, String name, int tier, int distance, DependencyGraph.Impact.Level level) {}

    /** Everything the page of one service shows. */
    public record DetailView(Service service, CatalogSystem system, Team owner, List<User> members, List<Related> dependsOn,
                             List<Related> dependedOnBy, List<Impact> blastRadius, String graphSvg, List<EventHistory.Entry> history,
                             String deleteError) {}

    @GetMapping("/services")
    public String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String team,
                       @RequestParam(defaultValue = "") String tier, @RequestParam(defaultValue = "") String lifecycle,
                       @RequestParam(required = false) String deleted,
                       @RequestHeader(value = "HX-Request", required = false) String htmxRequest,
                       @RequestHeader(value = "HX-History-Restore-Request", required = false) String historyRestore,
                       Model model, HttpServletResponse response) {
        Integer tierNumber = tier.matches("[1-4]") ? Integer.valueOf(tier) : null;
        List<Service> services = queries.services(new CatalogQueries.ServiceFilter(q.strip(), team, tierNumber, null, lifecycle, null));
        boolean filtered = !q.isBlank() || !team.isEmpty() || tierNumber != null || !lifecycle.isEmpty();
        boolean catalogEmpty = services.isEmpty() && (!filtered || catalog.repository().services().isEmpty());
        Map<String, Team> teams = catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, Function.identity()));
        model.addAttribute("view", new ListView(services, teams, q, team, tierNumber == null ? "" : tier, lifecycle, catalogEmpty, deleted));
        // The same URL answers the whole page or, for htmx's live search, just the results.
        response.addHeader("Vary", "HX-Request");
        return htmxRequest != null && historyRestore == null ? "services/results" : "services/list";
    }

    @GetMapping("/services/new")
    public String newService(Model model) {
        return form(model, true, ServiceForm.blank(), FormErrors.none());
    }

    @PostMapping("/services")
    public String create(ServiceForm form, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        Service service = form.toService(null, null, errors);
        if (service != null) {
            try {
                Service created = catalog.createService(CurrentUser.name(), service);
                return "redirect:/services/" + created.slug();
            } catch (CatalogException e) {
                errors.add(ServiceForm.formField(e.field(), form.linkFields(null)), message(e, "service", service.slug()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, true, form, errors);
    }

    @GetMapping("/services/{slug}")
    public String show(@PathVariable String slug, Model model) {
        model.addAttribute("view", detail(require(slug), null));
        return "services/show";
    }

    @GetMapping("/services/{slug}/edit")
    public String edit(@PathVariable String slug, Model model) {
        return form(model, false, ServiceForm.of(require(slug)), FormErrors.none());
    }

    @PostMapping("/services/{slug}")
    public String update(@PathVariable String slug, ServiceForm form, Model model, HttpServletResponse response) {
        Service existing = require(slug);
        FormErrors errors = FormErrors.none();
        Service service = form.toService(slug, existing, errors);
        if (service != null) {
            try {
                catalog.updateService(CurrentUser.name(), service);
                return "redirect:/services/" + slug;
            } catch (CatalogException e) {
                errors.add(ServiceForm.formField(e.field(), form.linkFields(existing)), message(e, "service", slug));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, false, new ServiceForm(slug, form.name(), form.description(), form.type(), form.tier(), form.lifecycle(),
                form.owner(), form.system(), form.tags(), form.docs(), form.runbook(), form.repository(), form.dashboards(),
                form.dependsOn(), form.escalationPolicy()), errors);
    }

    @PostMapping("/services/{slug}/delete")
    public String delete(@PathVariable String slug, Model model, HttpServletResponse response) {
        Service service = require(slug);
        try {
            catalog.deleteService(CurrentUser.name(), slug);
            return "redirect:/services?deleted=" + slug;
        } catch (CatalogException e) {
            if (e.code() == CatalogException.Code.NOT_FOUND) {
                throw e;
            }
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("view", detail(service, PageErrors.capitalize(e.getMessage()) + "."));
            return "services/show";
        }
    }

    private String form(Model model, boolean creating, ServiceForm form, FormErrors errors) {
        model.addAttribute("view", new FormView(creating, form, errors, catalog.repository().teams(), catalog.repository().systems(),
                onCall.policies()));
        return "services/form";
    }

    private Service require(String slug) {
        return catalog.repository().service(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no service '" + slug + "'"));
    }

    private DetailView detail(Service service, String deleteError) {
        List<Service> all = catalog.repository().services();
        Map<String, Service> bySlug = all.stream().collect(Collectors.toMap(Service::slug, Function.identity()));
        DependencyGraph graph = new DependencyGraph(all);
        String slug = service.slug();
        Team owner = service.ownerTeam() == null ? null : catalog.repository().team(service.ownerTeam()).orElse(null);
        List<User> members = List.of();
        if (owner != null) {
            Map<String, User> users = catalog.repository().users().stream().collect(Collectors.toMap(User::username, Function.identity()));
            members = owner.members().stream().map(users::get).filter(Objects::nonNull).toList();
        }
        CatalogSystem system = service.system() == null ? null : catalog.repository().system(service.system()).orElse(null);
        List<Impact> blast = graph.blastRadius(slug).stream().map(impact -> {
            Service hit = bySlug.get(impact.service());
            return new Impact(impact.service(), hit == null ? impact.service() : hit.name(), hit == null ? 0 : hit.tier(),
                    impact.distance(), impact.level());
        }).toList();
        Set<String> neighbourhood = new HashSet<>(graph.transitiveDependencies(slug));
        neighbourhood.add(slug);
        blast.forEach(impact -> neighbourhood.add(impact.slug()));
        String svg = GraphSvg.render(GraphLayout.of(graph, neighbourhood), bySlug, slug);
        return new DetailView(service, system, owner, members, related(graph.dependenciesOf(slug), bySlug),
                related(graph.dependentsOf(slug), bySlug), blast, svg, EventHistory.of(queries.history("service", slug)), deleteError);
    }

    private static List<Related> related(List<Dependency> dependencies, Map<String, Service> bySlug) {
        return dependencies.stream().map(dependency -> {
            Service other = bySlug.get(dependency.service());
            return new Related(dependency.service(), other == null ? dependency.service() : other.name(),
                    other == null ? 0 : other.tier(), dependency.kind());
        }).toList();
    }

    /** The exception's message in the words of the form (the service layer speaks of PUT, which means nothing here). */
    static String message(CatalogException e, String type, String slug) {
        if (e.code() == CatalogException.Code.CONFLICT && "slug".equals(e.field())) {
            return "a " + type + " '" + slug + "' already exists: pick another " + ("user".equals(type) ? "username" : "slug");
        }
        return e.getMessage();
    }
}
