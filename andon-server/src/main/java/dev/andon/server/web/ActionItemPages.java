package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.postmortems.ActionItemStatus;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.postmortems.ActionItems;
import dev.andon.server.postmortems.ActionItems.ActionItem;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The action-item list: what is overdue, grouped per team so each team sees its own; the rest by
 * state, team and owner; and a status change on every row that returns to the page it came from.
 */
@Controller
public class ActionItemPages {
    /** Where a status change may return to: this list or a team's page, never another site. */
    private static final Pattern BACK = Pattern.compile("/(action-items|teams/[A-Za-z0-9_-]+)(\\?[A-Za-z0-9_=&%.+-]*)?(#[a-z-]+)?");

    private final ActionItems items;
    private final CatalogService catalog;

    public ActionItemPages(ActionItems items, CatalogService catalog) {
        this.items = items;
        this.catalog = catalog;
    }

    public record Option(String value, String label, boolean selected) {}

    /** One team's overdue items; {@code slug} is null for items no team owns. */
    public record Group(String slug, String name, List<ActionItem> items) {}

    public record ListView(String state, List<Option> teams, List<Option> owners, List<Group> overdue, List<ActionItem> items, String itemsTitle,
                           LocalDate today, String back, String notice, String error) {
        public List<String> states() {
            return ActionItems.STATES;
        }

        public boolean showsOverdue() {
            return state.equals("open") || state.equals("overdue");
        }

        public int overdueCount() {
            return overdue.stream().mapToInt(group -> group.items().size()).sum();
        }

        /** This list with another state and the same team and owner, for the state links. */
        public String withState(String other) {
            return query(other, teams, owners);
        }
    }

    @GetMapping("/action-items")
    public String list(@RequestParam(required = false) String state, @RequestParam(required = false) String team,
                       @RequestParam(required = false) String owner, @RequestParam(required = false) String notice,
                       @RequestParam(required = false) String error, Model model, HttpServletResponse response) {
        String chosen = state == null || state.isBlank() ? "open" : state.strip();
        if (!ActionItems.STATES.contains(chosen)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            error = "State: '" + chosen + "' is not one of " + String.join(", ", ActionItems.STATES) + ".";
            chosen = "open";
        }
        String teamSlug = blankToNull(team);
        String username = blankToNull(owner);
        List<Team> teams = catalog.repository().teams();
        Map<String, String> teamNames = teams.stream().collect(Collectors.toMap(Team::slug, Team::name, (a, b) -> a));
        LocalDate today = items.today();

        List<Group> overdue = List.of();
        if (chosen.equals("open") || chosen.equals("overdue")) {
            Map<String, List<ActionItem>> byTeam = new LinkedHashMap<>();
            for (ActionItem item : items.list(new ActionItems.Filter("overdue", teamSlug, username, null, null))) {
                byTeam.computeIfAbsent(item.team() == null ? "" : item.team(), key -> new ArrayList<>()).add(item);
            }
            overdue = byTeam.entrySet().stream()
                    .map(e -> new Group(e.getKey().isEmpty() ? null : e.getKey(), e.getKey().isEmpty() ? "No team" : teamNames.getOrDefault(e.getKey(), e.getKey()),
                            e.getValue()))
                    .sorted(Comparator.comparing((Group group) -> group.slug() == null).thenComparing(Group::name, String.CASE_INSENSITIVE_ORDER)).toList();
        }
        List<ActionItem> rows;
        String title;
        switch (chosen) {
            case "open" -> {
                rows = items.list(new ActionItems.Filter("open", teamSlug, username, null, null)).stream().filter(item -> !item.overdue(today)).toList();
                title = "Open and in progress, not yet due";
            }
            case "closed" -> {
                rows = items.list(new ActionItems.Filter("closed", teamSlug, username, null, null));
                title = "Done and won't do";
            }
            case "all" -> {
                rows = items.list(new ActionItems.Filter("all", teamSlug, username, null, null));
                title = "All action items";
            }
            default -> {
                rows = List.of();
                title = null;
            }
        }
        List<Option> teamOptions = teams.stream().sorted(Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER))
                .map(t -> new Option(t.slug(), t.name(), t.slug().equals(teamSlug))).toList();
        List<Option> ownerOptions = catalog.repository().users().stream().sorted(Comparator.comparing(User::username))
                .map(u -> new Option(u.username(), u.displayName() + " (" + u.username() + ")", u.username().equals(username))).toList();
        model.addAttribute("view", new ListView(chosen, teamOptions, ownerOptions, overdue, rows, title, today,
                query(chosen, teamOptions, ownerOptions), notice, error));
        return "actionitems/list";
    }

    /** The inline status change of a row; returns to {@code back} (this list or a team's page). */
    @PostMapping("/action-items/{id}/status")
    public String status(@PathVariable long id, @RequestParam(required = false) String status, @RequestParam(required = false) String back) {
        ActionItem item = items.require(id);
        String target = back != null && BACK.matcher(back).matches() ? back : "/action-items";
        String anchor = "";
        int hash = target.indexOf('#');
        if (hash >= 0) {
            anchor = target.substring(hash);
            target = target.substring(0, hash);
        }
        String separator = target.contains("?") ? "&" : "?";
        try {
            if (ActionItemStatus.parse(status) == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "status",
                        "'" + status + "' is not one of open, in_progress, done, wont_do");
            }
            ActionItem changed = items.change(CurrentUser.name(), id, new ActionItems.Change(null, null, null, null, null, null, null, null, status));
            return "redirect:" + target + separator + "notice=" + encode(item.reference() + " is now " + changed.status().text().toLowerCase()) + anchor;
        } catch (CatalogException e) {
            return "redirect:" + target + separator + "error=" + encode(item.reference() + ": " + e.field() + " " + e.getMessage()) + anchor;
        }
    }

    // --- helpers the row template uses

    public static String statusClass(ActionItemStatus status) {
        return switch (status) {
            case OPEN -> "status";
            case IN_PROGRESS -> "status status-info";
            case DONE -> "status status-ok";
            case WONT_DO -> "status status-muted";
        };
    }

    /** "due in 3 days", "due today", "5 days overdue", or "" once closed. */
    public static String dueText(ActionItem item, LocalDate today) {
        if (item.status().closed()) {
            return "";
        }
        long days = ChronoUnit.DAYS.between(today, item.dueDate());
        if (days == 0) {
            return "due today";
        }
        if (days > 0) {
            return "due in " + days + (days == 1 ? " day" : " days");
        }
        return -days + (days == -1 ? " day" : " days") + " overdue";
    }

    /** Where the item came from: its postmortem (by incident), its pre-mortem, or nothing. */
    public static String sourceHref(ActionItem item) {
        if (item.postmortemId() != null) {
            return "/postmortems/" + item.postmortemId();
        }
        return item.premortemId() == null ? null : "/premortems/" + item.premortemId();
    }

    public static String sourceText(ActionItem item) {
        if (item.postmortemId() != null) {
            return item.incident() == null ? "Postmortem " + item.postmortemId() : "INC-" + item.incident() + " postmortem";
        }
        return item.premortemId() == null ? null : "Pre-mortem " + item.premortemId();
    }

    public static List<ActionItemStatus> statuses() {
        return List.of(ActionItemStatus.values());
    }

    private static String query(String state, List<Option> teams, List<Option> owners) {
        StringBuilder query = new StringBuilder("/action-items?state=").append(state);
        teams.stream().filter(Option::selected).findFirst().ifPresent(team -> query.append("&team=").append(encode(team.value())));
        owners.stream().filter(Option::selected).findFirst().ifPresent(owner -> query.append("&owner=").append(encode(owner.value())));
        return query.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
