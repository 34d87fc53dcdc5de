package dev.andon.server.web;

import dev.andon.alerts.AlertStatus;
import dev.andon.alerts.IntegrationType;
import dev.andon.alerts.Severity;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.alerts.IntegrationStore;
import dev.andon.server.catalog.CatalogService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The alert pages: the inbox (what is open, filtered by state, service, team and severity, with
 * acknowledge and resolve on each row) and the page of one alert, which gathers what a responder
 * needs at 3 a.m.: where it comes from, who owns the service and what else it takes down, the
 * runbook and first steps, who just changed something, the storm it belongs to and its timeline.
 */
@Controller
public class AlertPages {
    static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");
    /** How far back "who just changed?" looks. */
    static final Duration RECENT_CHANGES = Duration.ofHours(24);
    private static final int INBOX_LIMIT = 200;

    private final AlertStore alerts;
    private final IntegrationStore integrations;
    private final CatalogService catalog;
    private final Clock clock;

    public AlertPages(AlertStore alerts, IntegrationStore integrations, CatalogService catalog, Clock clock) {
        this.alerts = alerts;
        this.integrations = integrations;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * The inbox's filters as given in the URL. A value that is not one of the choices is dropped
     * rather than answered with an error page: at 3 a.m. a stale bookmark should still show alerts.
     */
    public record Filters(String state, String service, String team, String severity) {
        public Filters {
            state = state == null || !AlertStore.STATES.contains(state) ? "open" : state;
            service = service == null ? "" : service.strip();
            team = team == null ? "" : team.strip();
            severity = severity == null || Severity.parse(severity) == null ? "" : severity;
        }

        public boolean filtered() {
            return !"open".equals(state) || !service.isEmpty() || !team.isEmpty() || !severity.isEmpty();
        }

        /** The inbox with these filters, as a path and query. */
        public String url() {
            UriComponentsBuilder url = UriComponentsBuilder.fromPath("/alerts");
            if (!"open".equals(state)) {
                url.queryParam("state", state);
            }
            if (!service.isEmpty()) {
                url.queryParam("service", service);
            }
            if (!team.isEmpty()) {
                url.queryParam("team", team);
            }
            if (!severity.isEmpty()) {
                url.queryParam("severity", severity);
            }
            return url.encode().build().toUriString();
        }

        AlertStore.Filter toFilter() {
            return new AlertStore.Filter(state, emptyToNull(service), emptyToNull(team), emptyToNull(severity), INBOX_LIMIT);
        }
    }

    /** Where an acknowledge, resolve or feedback form returns to: the inbox with its filters, or the alert's page. */
    public record Back(String back, String state, String service, String team, String severity) {
        boolean inbox() {
            return "inbox".equals(back);
        }

        Filters filters() {
            return new Filters(state, service, team, severity);
        }
    }

    /** A choice in a filter's select. */
    public record Option(String value, String label) {}

    /** The inbox. {@code counts} are of all open alerts by status, so they do not shrink with a filter. */
    public record InboxView(List<AlertViews.Row> rows, Filters filters, List<Option> services, List<Option> teams, Map<String, Long> counts,
                            boolean limited, String notice, String updated) {
        public List<String> states() {
            return AlertStore.STATES;
        }

        public List<String> severities() {
            return SEVERITIES;
        }
    }

    /** The alert's check, for "first steps" when a check raised it. */
    public record CheckHint(String slug, String location, String phase, String message) {}

    /** The storm group an alert is in, and the other alerts in it. */
    public record GroupView(AlertStore.GroupRow group, List<AlertViews.Row> others) {}

    /** One entry of the alert's timeline; {@code kind} picks the dot's colour. */
    public record TimelineEntry(Instant at, String time, String kind, String title, String actor, String detail, String href,
                                String hrefText) {}

    /** Everything the page of one alert shows. */
    public record DetailView(AlertViews.Row row, String statusSince, Service service, Team team, List<ServicePages.Impact> impacted,
                             String integrationType, String clientUrl, List<AlertViews.LinkView> runbooks, List<AlertViews.LinkView> links,
                             List<AlertViews.ImageView> images, List<AlertViews.DetailRow> details, List<String> firstSteps, CheckHint checkHint,
                             List<AlertViews.ChangeView> changes, GroupView group, List<TimelineEntry> timeline, String notice) {
        public AlertStore.AlertRow alert() {
            return row.alert();
        }

        public String tierMeaning() {
            return service == null ? null : Tiers.title(service.tier());
        }

        public long impactedDown() {
            return impacted.stream().filter(impact -> impact.level() == DependencyGraph.Impact.Level.DOWN).count();
        }
    }

    @GetMapping("/alerts")
    public String inbox(@RequestParam(required = false) String state, @RequestParam(required = false) String service,
                        @RequestParam(required = false) String team, @RequestParam(required = false) String severity,
                        @RequestParam(required = false) String done, @RequestParam(required = false) String alert, Model model) {
        Filters filters = new Filters(state, service, team, severity);
        Instant now = clock.instant();
        List<AlertStore.AlertRow> rows = alerts.list(filters.toFilter());
        Map<String, Long> counts = new LinkedHashMap<>();
        List<AlertStore.AlertRow> open = alerts.list(new AlertStore.Filter("open", null, null, null, 1000));
        for (String status : List.of("triggered", "acknowledged")) {
            long count = open.stream().filter(row -> row.status().equals(status)).count();
            if (count > 0) {
                counts.put(status, count);
            }
        }
        List<Option> services = catalog.repository().services().stream()
                .sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .map(candidate -> new Option(candidate.slug(), candidate.name())).toList();
        List<Option> teams = catalog.repository().teams().stream().sorted(Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER))
                .map(candidate -> new Option(candidate.slug(), candidate.name())).toList();
        model.addAttribute("view", new InboxView(AlertViews.rows(rows, now), filters, services, teams, counts, rows.size() >= INBOX_LIMIT,
                notice(done, alert), TimeText.minute(now)));
        return "alerts/list";
    }

    @GetMapping("/alerts/{id}")
    public String show(@PathVariable long id, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("view", detail(require(id), notice(done, null)));
        return "alerts/show";
    }

    @PostMapping("/alerts/{id}/acknowledge")
    public String acknowledge(@PathVariable long id, Back back) {
        return act(id, AlertStatus.ACKNOWLEDGED, back);
    }

    @PostMapping("/alerts/{id}/resolve")
    public String resolve(@PathVariable long id, Back back) {
        return act(id, AlertStatus.RESOLVED, back);
    }

    /** Noise feedback: was this alert worth acting on? Feeds the noise report. */
    @PostMapping("/alerts/{id}/feedback")
    public String feedback(@PathVariable long id, @RequestParam(defaultValue = "") String actionable) {
        require(id);
        if (!actionable.equals("true") && !actionable.equals("false")) {
            throw new CatalogException(CatalogException.Code.INVALID, "actionable", "say whether the alert was actionable (true) or not (false)");
        }
        alerts.feedback(id, Boolean.parseBoolean(actionable), CurrentUser.name());
        return "redirect:/alerts/" + id + "?done=feedback";
    }

    private String act(long id, AlertStatus to, Back back) {
        require(id);
        boolean changed = alerts.act(id, to, CurrentUser.name());
        String done = changed ? to.text() : "unchanged";
        if (back != null && back.inbox()) {
            String url = back.filters().url();
            return "redirect:" + url + (url.contains("?") ? "&" : "?") + "done=" + done + "&alert=" + id;
        }
        return "redirect:/alerts/" + id + "?done=" + done;
    }

    /** What the page says after an action, from the redirect's parameters; null for anything else. */
    static String notice(String done, String alert) {
        if (done == null) {
            return null;
        }
        String which = alert != null && alert.matches("\\d{1,18}") ? "Alert #" + alert : "The alert";
        return switch (done) {
            case "acknowledged" -> which + " acknowledged: it will not escalate further.";
            case "resolved" -> which + " resolved.";
            case "unchanged" -> which + " was already acknowledged or resolved: nothing changed.";
            case "feedback" -> "Thanks: the noise report counts your answer.";
            default -> null;
        };
    }

    private AlertStore.AlertRow require(long id) {
        return alerts.find(id).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "there is no alert " + id));
    }

    private DetailView detail(AlertStore.AlertRow alert, String notice) {
        Instant now = clock.instant();
        List<Service> all = catalog.repository().services();
        Map<String, Service> bySlug = all.stream().collect(Collectors.toMap(Service::slug, Function.identity(), (a, b) -> a));
        Service service = bySlug.get(alert.service());
        Team team = service == null || service.ownerTeam() == null ? null : catalog.repository().team(service.ownerTeam()).orElse(null);
        List<ServicePages.Impact> impacted = service == null ? List.of() : new DependencyGraph(all).blastRadius(service.slug()).stream()
                .map(impact -> {
                    Service hit = bySlug.get(impact.service());
                    return new ServicePages.Impact(impact.service(), hit == null ? impact.service() : hit.name(), hit == null ? 0 : hit.tier(),
                            impact.distance(), impact.level());
                }).toList();
        String integrationType = alert.integration() == null ? null
                : integrations.find(alert.integration()).map(stored -> stored.integration().type()).map(IntegrationType::text).orElse(null);

        List<AlertViews.LinkView> runbooks = new ArrayList<>();
        List<AlertViews.LinkView> links = new ArrayList<>();
        for (AlertViews.LinkView link : AlertViews.links(alert.links())) {
            boolean runbook = link.text().toLowerCase(Locale.ROOT).contains("runbook") || link.href().toLowerCase(Locale.ROOT).contains("runbook");
            (runbook ? runbooks : links).add(link);
        }
        if (service != null) {
            for (Link link : service.links()) {
                String href = AlertViews.safeUrl(link.url());
                if (link.type().equals("runbook") && href != null && runbooks.stream().noneMatch(known -> known.href().equals(href))) {
                    runbooks.add(new AlertViews.LinkView(href, link.title() + " (" + service.name() + ")"));
                }
            }
        }

        CheckHint checkHint = null;
        if ("check".equals(alert.origin()) && alert.originRef() != null) {
            checkHint = new CheckHint(alert.originRef(), AlertViews.detailText(alert.customDetails(), "location"),
                    AlertViews.detailText(alert.customDetails(), "failedPhase"), AlertViews.detailText(alert.customDetails(), "message"));
        }

        GroupView group = null;
        if (alert.groupId() != null) {
            Optional<AlertStore.GroupRow> row = alerts.group(alert.groupId());
            List<AlertStore.AlertRow> members = alerts.inGroup(alert.groupId());
            List<AlertViews.Row> others = AlertViews.rows(members.stream().filter(member -> member.id() != alert.id()).toList(), now);
            if (row.isPresent() && !others.isEmpty()) {
                group = new GroupView(row.get(), others);
            }
        }

        Instant since = switch (alert.status()) {
            case "acknowledged" -> alert.acknowledgedAt();
            case "resolved" -> alert.resolvedAt();
            default -> alert.createdAt();
        };
        return new DetailView(AlertViews.row(alert, now), since == null ? "" : TimeText.relative(since, now), service, team, impacted,
                integrationType, AlertViews.safeUrl(alert.clientUrl()), runbooks, links, AlertViews.images(alert.images()),
                AlertViews.details(alert.customDetails()), AlertViews.firstSteps(alert.customDetails()), checkHint,
                service == null ? List.of() : AlertViews.changes(alerts.changes(service.slug(), now.minus(RECENT_CHANGES), 10), now),
                group, timeline(alert, alerts.log(alert.id())), notice);
    }

    /**
     * The alert's life from its log, in order. Duplicates are not logged one by one (a noisy source
     * sends thousands): they show as one entry with the first and the last event's time.
     */
    static List<TimelineEntry> timeline(AlertStore.AlertRow alert, List<AlertStore.LogRow> log) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (AlertStore.LogRow row : log) {
            JsonNode detail = AlertViews.parse(row.detail());
            String title;
            String text = null;
            String href = null;
            String hrefText = null;
            switch (row.kind()) {
                case "triggered" -> {
                    title = "Triggered";
                    String severity = field(detail, "severity");
                    String source = field(detail, "source");
                    text = severity == null ? source : source == null ? severity : severity + " from " + source;
                }
                case "acknowledged" -> title = "Acknowledged";
                case "resolved" -> {
                    title = "Resolved";
                    text = field(detail, "reason");
                }
                case "suppressed" -> {
                    String window = field(detail, "window");
                    String name = field(detail, "windowName");
                    title = "Suppressed by a maintenance window: no page";
                    href = window == null ? null : "/maintenance/" + window;
                    hrefText = name == null ? window : name;
                    String until = field(detail, "until");
                    String reason = field(detail, "reason");
                    text = join(until == null ? null : "until " + TimeText.minute(parseInstant(until)), reason);
                }
                case "unsuppressed" -> {
                    title = "No longer suppressed";
                    text = field(detail, "reason");
                }
                case "feedback" -> {
                    boolean actionable = detail != null && detail.path("actionable").asBoolean(false);
                    title = actionable ? "Marked actionable" : "Marked not actionable (noise)";
                }
                default -> title = CheckPages.statusWord(row.kind());
            }
            entries.add(new TimelineEntry(row.at(), TimeText.second(row.at()), row.kind(), title, row.actor(), text, href, hrefText));
        }
        if (alert.dedupCount() > 0) {
            int times = alert.dedupCount();
            entries.add(new TimelineEntry(alert.lastEventAt(), TimeText.second(alert.lastEventAt()), "deduplicated",
                    "Deduplicated " + times + (times == 1 ? " time" : " times"),
                    null, "the same alert came in again: first " + TimeText.second(alert.createdAt()) + ", last " + TimeText.second(alert.lastEventAt()),
                    null, null));
        }
        // Stable: the log's own order holds for entries at one time; the trigger always comes first.
        entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(entry -> entry.kind().equals("triggered") ? 0 : 1));
        return entries;
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String field(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || !value.isValueNode() || value.asString().isBlank() ? null : value.asString();
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
