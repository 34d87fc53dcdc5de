package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.Layer;
import dev.andon.oncall.OnCall;
import dev.andon.oncall.Restriction;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.ScheduleOverride;
import dev.andon.oncall.Shift;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The schedule pages: every schedule with who is on call now and the next handoff, and the page of
 * one schedule: who is on call, a timeline of the next two weeks per layer and overall, its
 * overrides with the form that adds one, and its calendar feed.
 */
@Controller
public class SchedulePages {
    /** How far the timeline looks ahead. */
    static final int DAYS = 14;
    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final OnCallStore store;
    private final OnCallNow onCallNow;
    private final CatalogService catalog;
    private final FeedUrls feedUrls;

    public SchedulePages(OnCallStore store, OnCallNow onCallNow, CatalogService catalog, FeedUrls feedUrls) {
        this.store = store;
        this.onCallNow = onCallNow;
        this.catalog = catalog;
        this.feedUrls = feedUrls;
    }

    /** A schedule as listed. */
    public record Row(Schedule schedule, Team team, OnCallNow.Now now) {}

    public record ListView(List<Row> schedules) {}

    /** A layer in words: "weekly, hands off Mondays at 09:00: alice, bob, carol". */
    public record LayerView(String name, String rotation, List<String> users, String restrictions, String ends) {}

    /** A shift of the final line, as the table under the timeline lists it. */
    public record ShiftRow(String user, String name, String colour, Instant start, Instant end, String startLocal, String endLocal,
                           String length, String source, boolean override, boolean current) {}

    /** An override that is not over yet. */
    public record OverrideRow(long id, String user, String name, Instant start, Instant end, String startLocal, String endLocal,
                              String replaces, String note, boolean active) {}

    public record LegendEntry(String user, String name, String colour) {}

    /** Everything the page of one schedule shows, with the override form as typed. */
    public record DetailView(Schedule schedule, Team team, OnCallNow.Now now, List<LayerView> layers, String chart, String chartNarrow,
                             List<LegendEntry> legend, boolean anyOverride, boolean anyGap, List<ShiftRow> shifts, List<OverrideRow> overrides,
                             List<EscalationPolicy> policies, OverrideForm form, FormErrors errors, List<User> users, String feedUrl,
                             String notice) {
        private static final Map<String, String> LABELS = FormErrors.labels("user", "Who covers", "start", "From", "end", "Until",
                "replaces", "Instead of", "note", "Note");

        public boolean focus(String field) {
            return errors.any() && errors.autofocus(field, "user", LABELS.keySet());
        }

        public Map<String, String> labels() {
            return LABELS;
        }

        public String zone() {
            return schedule.zone().getId();
        }
    }

    @GetMapping("/schedules")
    public String list(Model model) {
        Map<String, User> users = onCallNow.users();
        Map<String, Team> teams = teams();
        List<Row> rows = store.schedules().stream()
                .sorted(Comparator.comparing(Schedule::name, String.CASE_INSENSITIVE_ORDER))
                .map(schedule -> new Row(schedule, schedule.team() == null ? null : teams.get(schedule.team()), onCallNow.of(schedule, users)))
                .toList();
        model.addAttribute("view", new ListView(rows));
        return "oncall/schedules";
    }

    @GetMapping("/schedules/{slug}")
    public String show(@PathVariable String slug, @RequestParam(required = false) String added, @RequestParam(required = false) String deleted,
                       Model model) {
        Schedule schedule = require(slug);
        String notice = added != null ? "Override added." : deleted != null ? "Override deleted." : null;
        return detail(model, schedule, OverrideForm.blank(schedule.zone(), onCallNow.instant()), FormErrors.none(), notice);
    }

    @PostMapping("/schedules/{slug}/overrides")
    public String addOverride(@PathVariable String slug, OverrideForm form, Model model, HttpServletResponse response) {
        Schedule schedule = require(slug);
        FormErrors errors = FormErrors.none();
        Set<String> users = onCallNow.users().keySet();
        ScheduleOverride override = form.toOverride(schedule.zone(), users, onCallNow.instant(), errors);
        if (override != null) {
            try {
                store.addOverride(CurrentUser.name(), slug, override);
                return "redirect:/schedules/" + slug + "?added#overrides";
            } catch (CatalogException e) {
                errors.add("replaces".equals(e.field()) ? "replaces" : "user", e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return detail(model, schedule, form, errors, null);
    }

    @PostMapping("/schedules/{slug}/overrides/{id}/delete")
    public String deleteOverride(@PathVariable String slug, @PathVariable long id) {
        require(slug);
        store.deleteOverride(CurrentUser.name(), slug, id);
        return "redirect:/schedules/" + slug + "?deleted#overrides";
    }

    private String detail(Model model, Schedule schedule, OverrideForm form, FormErrors errors, String notice) {
        Instant now = onCallNow.instant();
        Map<String, User> users = onCallNow.users();
        ZoneId zone = schedule.zone();
        Instant from = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant to = now.atZone(zone).toLocalDate().plusDays(DAYS).atStartOfDay(zone).toInstant();

        List<ScheduleOverride> overrides = store.overrides(schedule.slug(), from.minus(OnCall.AT_HORIZON), FAR_FUTURE);
        List<Shift> finalLine = OnCall.shifts(schedule, overrides, from, to);
        List<String> order = new ArrayList<>();
        schedule.layers().forEach(layer -> order.addAll(layer.users()));
        overrides.forEach(override -> order.add(override.user()));
        finalLine.forEach(shift -> order.add(shift.user()));
        Map<String, String> colours = ScheduleTimeline.colours(order);
        Map<String, String> names = users.values().stream().collect(Collectors.toMap(User::username, User::displayName));

        List<ScheduleTimeline.Row> rows = new ArrayList<>();
        for (int index = 0; index < schedule.layers().size(); index++) {
            rows.add(new ScheduleTimeline.Row(schedule.layers().get(index).name(), OnCall.layerShifts(schedule, index, from, to), false));
        }
        rows.add(new ScheduleTimeline.Row("On call", finalLine, true));
        String chart = ScheduleTimeline.render("timeline", schedule.name(), zone, rows, from, to, now, colours, names, false);
        String chartNarrow = ScheduleTimeline.render("timeline", schedule.name(), zone, rows, from, to, now, colours, names, true);

        List<String> shown = finalLine.stream().map(Shift::user).distinct().toList();
        List<LegendEntry> legend = colours.entrySet().stream().filter(entry -> shown.contains(entry.getKey())
                        || rows.stream().anyMatch(row -> row.shifts().stream().anyMatch(shift -> shift.user().equals(entry.getKey()))))
                .map(entry -> new LegendEntry(entry.getKey(), OnCallNow.name(entry.getKey(), users), entry.getValue())).toList();

        // The table gives each shift its true start, also of the one under way since before today.
        List<ShiftRow> shifts = new ArrayList<>();
        for (Shift shift : OnCall.shifts(schedule, overrides, from.minus(OnCall.AT_HORIZON), to)) {
            if (!shift.end().isAfter(now)) {
                continue;
            }
            String source = shift.override()
                    ? "override" + (shift.covering() == null ? "" : ", covering " + OnCallNow.name(shift.covering(), users))
                    : "layer " + schedule.layers().get(shift.layer()).name();
            shifts.add(new ShiftRow(shift.user(), OnCallNow.name(shift.user(), users), colours.get(shift.user()), shift.start(), shift.end(),
                    LOCAL.format(shift.start().atZone(zone)), LOCAL.format(shift.end().atZone(zone)),
                    OnCallNow.tidy(TimeText.duration(Duration.between(shift.start(), shift.end()))), source, shift.override(),
                    !shift.start().isAfter(now)));
        }

        List<OverrideRow> upcoming = overrides.stream().filter(override -> override.end().isAfter(now))
                .sorted(Comparator.comparing(ScheduleOverride::start))
                .map(override -> new OverrideRow(override.id(), override.user(), OnCallNow.name(override.user(), users), override.start(),
                        override.end(), LOCAL.format(override.start().atZone(zone)), LOCAL.format(override.end().atZone(zone)),
                        override.replaces() == null ? null : OnCallNow.name(override.replaces(), users), override.note(),
                        !override.start().isAfter(now)))
                .toList();

        List<EscalationPolicy> policies = store.policies().stream().filter(policy -> policy.tiers().stream()
                .anyMatch(tier -> tier.targets().contains(EscalationTarget.schedule(schedule.slug())))).toList();
        List<User> people = users.values().stream().sorted(Comparator.comparing(User::displayName, String.CASE_INSENSITIVE_ORDER)).toList();
        Team team = schedule.team() == null ? null : catalog.repository().team(schedule.team()).orElse(null);
        String feedUrl = feedUrls.schedule(schedule.slug());
        model.addAttribute("view", new DetailView(schedule, team, onCallNow.of(schedule, users), layers(schedule, users), chart, chartNarrow,
                legend, finalLine.stream().anyMatch(Shift::override), !ScheduleTimeline.gaps(finalLine, from, to).isEmpty(), shifts, upcoming,
                policies, form, errors, people, feedUrl, notice));
        return "oncall/schedule";
    }

    static List<LayerView> layers(Schedule schedule, Map<String, User> users) {
        List<LayerView> layers = new ArrayList<>();
        for (Layer layer : schedule.layers()) {
            String rotation = switch (layer.shift().unit()) {
                case HOURS -> "every " + OnCallNow.plural(layer.shift().amount(), "hour");
                case DAYS -> layer.shift().amount() == 1 ? "daily" : "every " + layer.shift().amount() + " days";
                default -> layer.shift().amount() == 1 ? "weekly" : "every " + layer.shift().amount() + " weeks";
            };
            String handoff = switch (layer.shift().unit()) {
                case HOURS -> "";
                case DAYS -> ", hands off at " + CLOCK.format(layer.start());
                default -> ", hands off " + dayName(layer.start().getDayOfWeek()) + "s at " + CLOCK.format(layer.start());
            };
            List<String> names = layer.users().stream().map(user -> OnCallNow.name(user, users)).toList();
            String restrictions = layer.restrictions().isEmpty() ? null
                    : layer.restrictions().stream().map(SchedulePages::restriction).collect(Collectors.joining("; "));
            layers.add(new LayerView(layer.name(), rotation + handoff + ", since " + DATE.format(layer.start()), names, restrictions,
                    layer.end() == null ? null : DATE.format(layer.end())));
        }
        return layers;
    }

    /** "Mon–Fri 09:00–17:00": when a layer is in force. */
    static String restriction(Restriction restriction) {
        List<DayOfWeek> days = List.of(DayOfWeek.values()).stream().filter(restriction.days()::contains).toList();
        String dayText;
        if (days.size() == 7) {
            dayText = "every day";
        } else if (days.size() > 2 && days.get(days.size() - 1).getValue() - days.get(0).getValue() == days.size() - 1) {
            dayText = dayName(days.get(0)) + "–" + dayName(days.get(days.size() - 1));
        } else {
            dayText = days.stream().map(SchedulePages::dayName).collect(Collectors.joining(", "));
        }
        String to = restriction.to().equals(java.time.LocalTime.MIDNIGHT) ? "24:00" : CLOCK.format(restriction.to());
        boolean wholeDay = restriction.from().equals(java.time.LocalTime.MIDNIGHT) && restriction.to().equals(java.time.LocalTime.MIDNIGHT);
        return dayText + " " + (wholeDay ? "all day" : CLOCK.format(restriction.from()) + "–" + to
                + (restriction.crossesMidnight() ? " (next day)" : ""));
    }

    private static String dayName(DayOfWeek day) {
        String name = day.name();
        return name.charAt(0) + name.substring(1, 3).toLowerCase(Locale.ROOT);
    }

    private Map<String, Team> teams() {
        return catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, team -> team, (a, b) -> a));
    }

    private Schedule require(String slug) {
        return store.schedule(slug).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug",
                "there is no schedule '" + slug + "'"));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
