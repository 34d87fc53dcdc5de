package dev.andon.server.web;

import dev.andon.alerts.MaintenanceSchedule;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.probe.Durations;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.MaintenanceStore;
import dev.andon.server.catalog.CatalogService;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The maintenance pages: which windows are in effect now, which come next and which recur; the
 * form that plans one; and the page of one with its next occurrences. Alerts on a covered service
 * during a window are recorded but page nobody.
 */
@Controller
public class MaintenancePages {
    static final int NEXT_OCCURRENCES = 5;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    /** Offered first in the time zone select; all others follow alphabetically. */
    private static final List<String> COMMON_ZONES = List.of("UTC", "Europe/London", "Europe/Berlin", "Europe/Amsterdam", "America/New_York",
            "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney");

    private final MaintenanceStore windows;
    private final CatalogService catalog;
    private final Clock clock;

    public MaintenancePages(MaintenanceStore windows, CatalogService catalog, Clock clock) {
        this.windows = windows;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One occurrence in UTC and in the window's own zone, where the plan was made. */
    public record OccurrenceView(Instant start, Instant end, String startUtc, String endUtc, String local, String relative, boolean active) {}

    /** A window as listed: what it covers, when, and its current or next occurrence. */
    public record Row(MaintenanceWindow window, String covers, String schedule, OccurrenceView active, OccurrenceView next) {}

    /** The list, split the way people ask: what is in effect now, what is coming, what recurs, what is over. */
    public record ListView(List<Row> active, List<Row> upcoming, List<Row> recurring, List<Row> past, String deleted) {
        public boolean empty() {
            return active.isEmpty() && upcoming.isEmpty() && recurring.isEmpty() && past.isEmpty();
        }
    }

    /** The create form with what to offer. */
    public record FormView(MaintenanceForm form, FormErrors errors, List<Service> services, List<String> zones) {
        private static final Map<String, String> LABELS = FormErrors.labels("name", "Name", "slug", "Slug", "description", "Description",
                "services", "Services", "kind", "When", "timezone", "Time zone", "start", "Start", "end", "End", "cron", "Cron expression",
                "rrule", "RRULE", "duration", "Duration");

        public boolean focus(String field) {
            return errors.autofocus(field, "name", LABELS.keySet());
        }

        public Map<String, String> labels() {
            return LABELS;
        }
    }

    /** Everything the page of one window shows. */
    public record DetailView(MaintenanceStore.Stored stored, Row row, List<String> serviceNames, List<OccurrenceView> occurrences) {
        public MaintenanceWindow window() {
            return stored.window();
        }
    }

    @GetMapping("/maintenance")
    public String list(@RequestParam(required = false) String deleted, Model model) {
        Instant now = clock.instant();
        List<Row> active = new ArrayList<>();
        List<Row> upcoming = new ArrayList<>();
        List<Row> recurring = new ArrayList<>();
        List<Row> past = new ArrayList<>();
        for (MaintenanceStore.Stored stored : windows.all()) {
            Row row = row(stored.window(), now);
            if (row.active() != null) {
                active.add(row);
            }
            if (stored.window().recurring()) {
                recurring.add(row);
            } else if (row.active() == null && row.next() != null) {
                upcoming.add(row);
            } else if (row.active() == null) {
                past.add(row);
            }
        }
        upcoming.sort(Comparator.comparing(row -> row.next().start()));
        past.sort(Comparator.comparing((Row row) -> row.window().end()).reversed());
        model.addAttribute("view", new ListView(active, upcoming, recurring, past, deleted));
        return "maintenance/list";
    }

    @GetMapping("/maintenance/new")
    public String newWindow(@RequestParam(defaultValue = "") String service, Model model) {
        return form(model, MaintenanceForm.blank(service), FormErrors.none());
    }

    @PostMapping("/maintenance")
    public String create(MaintenanceForm form, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        MaintenanceWindow window = form.toWindow(errors);
        if (window != null) {
            try {
                windows.create(CurrentUser.name(), window);
                return "redirect:/maintenance/" + window.slug();
            } catch (CatalogException e) {
                errors.add(MaintenanceForm.formField(e.field()), ServicePages.message(e, "maintenance window", window.slug()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, form, errors);
    }

    @GetMapping("/maintenance/{slug}")
    public String show(@PathVariable String slug, Model model) {
        MaintenanceStore.Stored stored = require(slug);
        Instant now = clock.instant();
        MaintenanceWindow window = stored.window();
        Map<String, String> names = catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Service::name, (a, b) -> a));
        List<OccurrenceView> occurrences = new ArrayList<>();
        Optional<MaintenanceWindow.Occurrence> active = MaintenanceSchedule.activeAt(window, now);
        active.ifPresent(occurrence -> occurrences.add(view(occurrence, window.zone(), now)));
        Instant after = active.map(MaintenanceWindow.Occurrence::start).orElse(now);
        while (occurrences.size() < NEXT_OCCURRENCES) {
            Optional<MaintenanceWindow.Occurrence> next = MaintenanceSchedule.next(window, after);
            if (next.isEmpty()) {
                break;
            }
            occurrences.add(view(next.get(), window.zone(), now));
            after = next.get().start();
        }
        model.addAttribute("view", new DetailView(stored, row(window, now),
                window.services().stream().map(service -> names.getOrDefault(service, service)).toList(), occurrences));
        return "maintenance/show";
    }

    @PostMapping("/maintenance/{slug}/delete")
    public String delete(@PathVariable String slug) {
        windows.delete(CurrentUser.name(), require(slug).window().slug());
        return "redirect:/maintenance?deleted=" + slug;
    }

    private String form(Model model, MaintenanceForm form, FormErrors errors) {
        List<Service> services = catalog.repository().services().stream().sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        List<String> zones = new ArrayList<>(COMMON_ZONES);
        ZoneId.getAvailableZoneIds().stream().filter(zone -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
                .sorted().filter(zone -> !COMMON_ZONES.contains(zone)).forEach(zones::add);
        if (!zones.contains(form.timezone())) {
            // Whatever was typed or posted stays selected, so a rejected form shows it with its error.
            zones.add(0, form.timezone());
        }
        model.addAttribute("view", new FormView(form, errors, services, zones));
        return "maintenance/form";
    }

    private MaintenanceStore.Stored require(String slug) {
        return windows.find(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no maintenance window '" + slug + "'"));
    }

    static Row row(MaintenanceWindow window, Instant now) {
        OccurrenceView active = MaintenanceSchedule.activeAt(window, now).map(occurrence -> view(occurrence, window.zone(), now)).orElse(null);
        OccurrenceView next = MaintenanceSchedule.next(window, now).map(occurrence -> view(occurrence, window.zone(), now)).orElse(null);
        String covers = window.allServices() ? "all services" : String.join(", ", window.services());
        return new Row(window, covers, schedule(window), active, next);
    }

    /** The schedule in words: "cron 0 2 * * 0, 4h each, Europe/Berlin" or "one-off, 3h". */
    static String schedule(MaintenanceWindow window) {
        if (!window.recurring()) {
            return "one-off, " + TimeText.duration(Duration.between(window.start(), window.end()));
        }
        String rule = window.cron() != null ? "cron " + window.cron() : "RRULE " + window.rrule();
        return rule + ", " + Durations.format(window.duration()) + " each, " + window.zone().getId();
    }

    static OccurrenceView view(MaintenanceWindow.Occurrence occurrence, ZoneId zone, Instant now) {
        String local = null;
        if (!zone.equals(ZoneOffset.UTC)) {
            var start = occurrence.start().atZone(zone);
            var end = occurrence.end().atZone(zone);
            local = LOCAL.format(start) + " – " + (start.toLocalDate().equals(end.toLocalDate()) ? TIME.format(end) : LOCAL.format(end)) + " "
                    + zone.getId();
        }
        boolean active = occurrence.contains(now);
        String relative = active ? "now, ends " + TimeText.relative(occurrence.end(), now)
                : occurrence.start().isAfter(now) ? "starts " + TimeText.relative(occurrence.start(), now) : "ended " + TimeText.relative(occurrence.end(), now);
        return new OccurrenceView(occurrence.start(), occurrence.end(), TimeText.minute(occurrence.start()), TimeText.minute(occurrence.end()), local,
                relative, active);
    }
}
