package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogQueries;
import dev.andon.server.catalog.CatalogService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The team pages: who owns what and how to reach them, plus the forms that create, change and delete teams. */
@Controller
public class TeamPages {
    private final CatalogService catalog;
    private final CatalogQueries queries;

    public TeamPages(CatalogService catalog, CatalogQueries queries) {
        this.catalog = catalog;
        this.queries = queries;
    }

    /** A team in the list with how many services it owns. */
    public record Row(Team team, long services) {}

    /** The team list. */
    public record ListView(List<Row> teams, String deleted) {}

    /** The create or edit form; every user is offered as a member. */
    public record FormView(boolean creating, TeamForm form, FormErrors errors, List<User> users) {
        private static final Map<String, String> LABELS = FormErrors.labels("name", "Name", "slug", "Slug", "description", "Description",
                "contactChannel", "Contact channel", "members", "Members");

        public boolean focus(String field) {
            return errors.autofocus(field, "name", LABELS.keySet());
        }

        /** Field labels for the error summary, in form order. */
        public Map<String, String> labels() {
            return LABELS;
        }
    }

    /** Everything the page of one team shows; services most critical first. */
    public record DetailView(Team team, List<User> members, List<Service> services, List<CatalogSystem> systems,
                             List<EventHistory.Entry> history, String deleteError) {}

    @GetMapping("/teams")
    public String list(@RequestParam(required = false) String deleted, Model model) {
        Map<String, Long> owned = catalog.repository().services().stream().filter(service -> service.ownerTeam() != null)
                .collect(Collectors.groupingBy(Service::ownerTeam, Collectors.counting()));
        List<Row> rows = catalog.repository().teams().stream().map(team -> new Row(team, owned.getOrDefault(team.slug(), 0L))).toList();
        model.addAttribute("view", new ListView(rows, deleted));
        return "teams/list";
    }

    @GetMapping("/teams/new")
    public String newTeam(Model model) {
        return form(model, true, TeamForm.blank(), FormErrors.none());
    }

    @PostMapping("/teams")
    public String create(TeamForm form, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        Team team = form.toTeam(null, errors);
        if (team != null) {
            try {
                catalog.createTeam(CurrentUser.name(), team);
                return "redirect:/teams/" + team.slug();
            } catch (CatalogException e) {
                errors.add(TeamForm.formField(e.field()), ServicePages.message(e, "team", team.slug()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, true, form, errors);
    }

    @GetMapping("/teams/{slug}")
    public String show(@PathVariable String slug, Model model) {
        model.addAttribute("view", detail(require(slug), null));
        return "teams/show";
    }

    @GetMapping("/teams/{slug}/edit")
    public String edit(@PathVariable String slug, Model model) {
        return form(model, false, TeamForm.of(require(slug)), FormErrors.none());
    }

    @PostMapping("/teams/{slug}")
    public String update(@PathVariable String slug, TeamForm form, Model model, HttpServletResponse response) {
        require(slug);
        FormErrors errors = FormErrors.none();
        Team team = form.toTeam(slug, errors);
        if (team != null) {
            try {
                catalog.updateTeam(CurrentUser.name(), team);
                return "redirect:/teams/" + slug;
            } catch (CatalogException e) {
                errors.add(TeamForm.formField(e.field()), ServicePages.message(e, "team", slug));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, false, new TeamForm(slug, form.name(), form.description(), form.contactChannel(), form.members()), errors);
    }

    @PostMapping("/teams/{slug}/delete")
    public String delete(@PathVariable String slug, Model model, HttpServletResponse response) {
        Team team = require(slug);
        try {
            catalog.deleteTeam(CurrentUser.name(), slug);
            return "redirect:/teams?deleted=" + slug;
        } catch (CatalogException e) {
            if (e.code() == CatalogException.Code.NOT_FOUND) {
                throw e;
            }
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("view", detail(team, PageErrors.capitalize(e.getMessage()) + "."));
            return "teams/show";
        }
    }

    private String form(Model model, boolean creating, TeamForm form, FormErrors errors) {
        model.addAttribute("view", new FormView(creating, form, errors, catalog.repository().users()));
        return "teams/form";
    }

    private Team require(String slug) {
        return catalog.repository().team(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no team '" + slug + "'"));
    }

    private DetailView detail(Team team, String deleteError) {
        Map<String, User> users = catalog.repository().users().stream().collect(Collectors.toMap(User::username, Function.identity()));
        List<User> members = team.members().stream().map(users::get).filter(Objects::nonNull).toList();
        List<Service> services = catalog.repository().services().stream().filter(service -> team.slug().equals(service.ownerTeam()))
                .sorted(Comparator.comparingInt(Service::tier).thenComparing(Service::name)).toList();
        List<CatalogSystem> systems = catalog.repository().systems().stream().filter(system -> team.slug().equals(system.ownerTeam())).toList();
        return new DetailView(team, members, services, systems, EventHistory.of(queries.history("team", team.slug())), deleteError);
    }
}
