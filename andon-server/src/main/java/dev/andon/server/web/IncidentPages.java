package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.Service;
import dev.andon.incidents.IncidentRole;
import dev.andon.incidents.IncidentRules;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.incidents.IncidentStatus;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.incidents.IncidentTimeline;
import dev.andon.server.incidents.Incidents;
import dev.andon.server.postmortems.Postmortems;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The incident pages: the list (open first, worst first), the declare form (each severity's
 * definition next to its choice, the blast radius of the chosen services), and the page of one
 * incident where the response is run: status, roles and handovers, updates, notes and the timeline.
 */
@Controller
public class IncidentPages {
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private final Incidents incidents;
    private final IncidentTimeline timeline;
    private final AlertStore alerts;
    private final CatalogService catalog;
    private final Clock clock;
    private final Postmortems postmortems;

    public IncidentPages(Incidents incidents, IncidentTimeline timeline, AlertStore alerts, CatalogService catalog, Clock clock,
                         Postmortems postmortems) {
        this.postmortems = postmortems;
        this.incidents = incidents;
        this.timeline = timeline;
        this.alerts = alerts;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The colour of a severity, in the alert pages' classes: SEV1 red to SEV4/5 blue. */
    public static String severityClass(IncidentSeverity severity) {
        return switch (severity) {
            case SEV1 -> "sev sev-critical";
            case SEV2 -> "sev sev-error";
            case SEV3 -> "sev sev-warning";
            default -> "sev sev-info";
        };
    }

    public static String statusClass(IncidentStatus status) {
        return switch (status) {
            case INVESTIGATING -> "status status-down";
            case IDENTIFIED, MONITORING -> "status status-degraded";
            case RESOLVED -> "status status-ok";
        };
    }

    public static String time(Instant instant) {
        return instant == null ? "—" : UTC.format(instant);
    }

    public static String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min" : hours / 24 + " d " + hours % 24 + " h";
    }

    public record Row(Incidents.Incident incident, String started, String age) {}

    public record ListView(String status, List<Row> rows) {
        public List<String> statuses() {
            return Incidents.LIST_STATUSES;
        }
    }

    @GetMapping("/incidents")
    public String list(@RequestParam(required = false) String status, Model model) {
        String state = status == null || !Incidents.LIST_STATUSES.contains(status) ? "open" : status;
        Instant now = clock.instant();
        List<Row> rows = incidents.list(state, null, null, 200).stream()
                .map(incident -> new Row(incident, time(incident.times().startedAt()), duration(Duration.between(incident.times().startedAt(), now))))
                .toList();
        model.addAttribute("view", new ListView(state, rows));
        return "incidents/list";
    }

    public record Option(String value, String label, boolean selected) {}

    public record NewView(String title, String severity, List<Option> services, List<DependencyGraph.Impact> suggestions, Long alertId,
                          String alertSummary, String customerImpact, String error) {
        public List<IncidentSeverity> severities() {
            return List.of(IncidentSeverity.values());
        }
    }

    @GetMapping("/incidents/new")
    public String declareForm(@RequestParam(required = false) Long alert, @RequestParam(required = false) List<String> service,
                              @RequestParam(required = false) String title, @RequestParam(required = false) String severity, Model model) {
        List<String> chosen = new ArrayList<>(service == null ? List.of() : service);
        String prefilled = title == null ? "" : title;
        String summary = null;
        if (alert != null) {
            AlertStore.AlertRow row = alerts.find(alert).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "alert",
                    "There is no alert " + alert));
            if (!chosen.contains(row.service())) {
                chosen.add(row.service());
            }
            prefilled = prefilled.isEmpty() ? row.summary() : prefilled;
            summary = row.summary();
        }
        return newForm(model, prefilled, severity == null ? "SEV3" : severity, chosen, alert, summary, "", null);
    }

    private String newForm(Model model, String title, String severity, List<String> chosen, Long alertId, String alertSummary,
                           String customerImpact, String error) {
        List<Service> all = catalog.snapshot().services();
        List<Option> options = all.stream().sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .map(s -> new Option(s.slug(), s.name(), chosen.contains(s.slug()))).toList();
        List<DependencyGraph.Impact> suggestions = IncidentRules.blastRadius(new DependencyGraph(all), chosen);
        model.addAttribute("view", new NewView(title, severity, options, suggestions, alertId, alertSummary, customerImpact, error));
        return "incidents/new";
    }

    @PostMapping("/incidents")
    public String declare(@RequestParam(required = false) String title, @RequestParam(required = false) String severity,
                          @RequestParam(required = false) List<String> services, @RequestParam(required = false) String customerImpact,
                          @RequestParam(required = false) String summary, @RequestParam(required = false) String startedAt,
                          @RequestParam(required = false) Long alertId, @RequestParam(required = false) String suggest, Model model) {
        List<String> chosen = services == null ? List.of() : services;
        if (suggest != null) {
            // "Suggest affected services": the same form again with the blast radius of the choice.
            return newForm(model, title, severity, chosen, alertId, null, customerImpact, null);
        }
        try {
            Instant started = startedAt == null || startedAt.isBlank() ? null : formTime("startedAt", startedAt);
            Incidents.Incident declared = incidents.declare(CurrentUser.name(), new Incidents.Declaration(title, IncidentSeverity.parse(severity),
                    chosen, customerImpact, summary, started, alertId, alertId == null ? "ui" : "alert"));
            return "redirect:/incidents/" + declared.number();
        } catch (CatalogException e) {
            return newForm(model, title, severity, chosen, alertId, null, customerImpact, e.field() + ": " + e.getMessage());
        }
    }

    public record RoleView(IncidentRole role, String holder) {}

    public record DetailView(Incidents.Incident incident, List<RoleView> roles, List<String> users, List<IncidentTimeline.Entry> entries,
                             List<String> sources, Set<String> shownSources, List<Incidents.Update> updates, boolean subscribed,
                             List<String> subscribers, String updateStatus, String template, String nowForm, String notice, String error,
                             Postmortems.Postmortem postmortem) {
        public List<IncidentStatus> statuses() {
            return List.of(IncidentStatus.values());
        }

        public List<IncidentSeverity> severities() {
            return List.of(IncidentSeverity.values());
        }

        public String time(Instant at) {
            return UTC_SECONDS.format(at);
        }

        public boolean shown(String source) {
            return shownSources.isEmpty() || shownSources.contains(source);
        }
    }

    @GetMapping("/incidents/{number}")
    public String show(@PathVariable long number, @RequestParam(required = false) List<String> source,
                       @RequestParam(required = false) String updateStatus, @RequestParam(required = false) String notice,
                       @RequestParam(required = false) String error, Model model) {
        Incidents.Incident incident = incidents.require(number);
        Set<String> sources = source == null ? Set.of() : Set.copyOf(source);
        List<RoleView> roles = java.util.Arrays.stream(IncidentRole.values()).map(role -> new RoleView(role, incident.roles().get(role))).toList();
        IncidentStatus forUpdate = IncidentStatus.parse(updateStatus);
        if (forUpdate == null) {
            forUpdate = incident.status();
        }
        List<String> subscribers = incidents.subscribers(incident.id());
        model.addAttribute("view", new DetailView(incident, roles, incidents.usernames(), timeline.of(incident, Set.of(), sources),
                IncidentTimeline.SOURCES, sources, incidents.updates(incident.id()), subscribers.contains(CurrentUser.name()), subscribers,
                forUpdate.text(), IncidentRules.updateTemplate(forUpdate), FORM_TIME.format(clock.instant()), notice, error,
                postmortems.forIncident(number).orElse(null)));
        return "incidents/show";
    }

    @PostMapping("/incidents/{number}/change")
    public String change(@PathVariable long number, @RequestParam(required = false) String status, @RequestParam(required = false) String severity,
                         @RequestParam(required = false) String customerImpact, @RequestParam(required = false) String title) {
        return act(number, "Saved.", () -> incidents.change(CurrentUser.name(), number, new Incidents.Change(title, IncidentSeverity.parse(severity),
                IncidentStatus.parse(status), customerImpact, null, null)));
    }

    @PostMapping("/incidents/{number}/roles")
    public String assign(@PathVariable long number, @RequestParam(required = false) String role, @RequestParam(required = false) String user) {
        return act(number, "Role assigned.", () -> incidents.assign(CurrentUser.name(), number, IncidentRole.parse(role), user));
    }

    @PostMapping("/incidents/{number}/notes")
    public String note(@PathVariable long number, @RequestParam(required = false) String body, @RequestParam(required = false) String at) {
        return act(number, "Note added.", () -> incidents.note(CurrentUser.name(), number, body,
                at == null || at.isBlank() ? null : formTime("at", at)));
    }

    @PostMapping("/incidents/{number}/updates")
    public String update(@PathVariable long number, @RequestParam(required = false) String audience, @RequestParam(required = false) String status,
                         @RequestParam(required = false) String body) {
        return act(number, "public".equals(audience) ? "Public update posted." : "Internal update posted; subscribers get it by email.",
                () -> incidents.postUpdate(CurrentUser.name(), number, audience, IncidentStatus.parse(status), body));
    }

    @PostMapping("/incidents/{number}/subscription")
    public String subscribe(@PathVariable long number, @RequestParam(required = false) String action) {
        boolean on = !"unsubscribe".equals(action);
        return act(number, on ? "Subscribed to internal updates." : "Unsubscribed.", () -> incidents.subscribe(CurrentUser.name(), number, on));
    }

    @PostMapping("/incidents/{number}/alerts")
    public String attach(@PathVariable long number, @RequestParam(required = false) Long alertId) {
        return act(number, "Alert attached.", () -> {
            if (alertId == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "alertId", "is required: the alert's number");
            }
            incidents.attachAlert(CurrentUser.name(), number, alertId);
        });
    }

    private String act(long number, String notice, Runnable action) {
        incidents.require(number);
        try {
            action.run();
            return "redirect:/incidents/" + number + "?notice=" + encode(notice);
        } catch (CatalogException e) {
            return "redirect:/incidents/" + number + "?error=" + encode(e.field() + ": " + e.getMessage());
        }
    }

    private static Instant formTime(String field, String text) {
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a UTC time such as 2026-03-01T10:00");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // --- report

    public record ReportRow(String label, int count, Duration mttr, Duration mtbf) {}

    public record ReportView(int days, String since, int total, List<ReportRow> services, List<ReportRow> severities, String servicesChart,
                             String severitiesChart) {
        public List<Integer> choices() {
            return List.of(30, 90);
        }
    }

    @GetMapping("/reports/incidents")
    public String report(@RequestParam(required = false, defaultValue = "30") int days, Model model) {
        int window = days == 90 ? 90 : 30;
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(window));
        List<Incidents.Incident> started = incidents.startedBetween(from, to);
        Map<String, List<Incidents.Incident>> byService = new LinkedHashMap<>();
        for (Incidents.Incident incident : started) {
            for (String slug : incident.services()) {
                byService.computeIfAbsent(slug, key -> new ArrayList<>()).add(incident);
            }
        }
        List<ReportRow> services = byService.entrySet().stream().map(e -> row(e.getKey(), e.getValue(), from, to))
                .sorted(Comparator.comparingInt(ReportRow::count).reversed().thenComparing(ReportRow::label)).toList();
        Map<IncidentSeverity, List<Incidents.Incident>> bySeverity = started.stream()
                .collect(Collectors.groupingBy(Incidents.Incident::severity, () -> new java.util.EnumMap<>(IncidentSeverity.class), Collectors.toList()));
        List<ReportRow> severities = bySeverity.entrySet().stream().map(e -> row(e.getKey().name(), e.getValue(), from, to)).toList();
        model.addAttribute("view", new ReportView(window, time(from), started.size(), services, severities,
                IncidentCharts.bars("Mean time to resolve by service", services), IncidentCharts.bars("Mean time to resolve by severity", severities)));
        return "incidents/report";
    }

    private static ReportRow row(String label, List<Incidents.Incident> incidents, Instant from, Instant to) {
        List<IncidentRules.Times> times = incidents.stream().map(Incidents.Incident::times).toList();
        return new ReportRow(label, incidents.size(), IncidentRules.meanTimeToResolve(times), IncidentRules.meanTimeBetweenFailures(times, from, to));
    }

    static <T> Map<String, T> bySlug(List<T> items, Function<T, String> slug) {
        return items.stream().collect(Collectors.toMap(slug, Function.identity()));
    }
}
