package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.checks.Check;
import dev.andon.checks.CheckStatus;
import dev.andon.checks.Diagnosis;
import dev.andon.checks.FaultLocator;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.probe.DnsSpec;
import dev.andon.probe.HttpSpec;
import dev.andon.probe.PingSpec;
import dev.andon.probe.ProbeResult;
import dev.andon.probe.ProbeSpec;
import dev.andon.probe.TcpSpec;
import dev.andon.probe.TlsSpec;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.checks.Agents;
import dev.andon.server.checks.CheckHistory;
import dev.andon.server.checks.CheckService;
import dev.andon.server.checks.CheckStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The check pages: the list with every check's status and last 24 hours, and the page of one check
 * (uptime, latency per location, where the locations disagree, state changes and latest results),
 * with pause, resume and delete. Checks are defined in YAML or through the API; these pages watch them.
 */
@Controller
public class CheckPages {
    /** The order of the list: what needs a person first. */
    static final List<CheckStatus> ORDER = List.of(CheckStatus.DOWN, CheckStatus.DEGRADED, CheckStatus.UNKNOWN, CheckStatus.PENDING,
            CheckStatus.UP, CheckStatus.PAUSED);
    private static final Set<String> STATE_CHANGES = Set.of("check.down", "check.up", "check.degraded", "check.unknown", "check.pending");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RESULTS = 30;
    private static final int CHANGES = 30;

    private final CheckService checks;
    private final CheckHistory history;
    private final EventLog events;
    private final CatalogService catalog;
    private final Agents agents;
    private final Clock clock;

    public CheckPages(CheckService checks, CheckHistory history, EventLog events, CatalogService catalog, Agents agents, Clock clock) {
        this.checks = checks;
        this.history = history;
        this.events = events;
        this.catalog = catalog;
        this.agents = agents;
        this.clock = clock;
    }

    /** A check as listed: its verdict, where it runs, how long the verdict has held and its last 24 hours. */
    public record Row(CheckStore.StoredCheck stored, String serviceName, String target, String since, String sparkline) {
        public Check check() {
            return stored.check();
        }

        public String status() {
            return wire(stored.status());
        }

        /** The message worth reading: why a check is not up. */
        public String problem() {
            CheckStatus status = stored.status();
            return status == CheckStatus.UP || status == CheckStatus.PAUSED || stored.statusMessage() == null ? null : stored.statusMessage();
        }
    }

    /** The list with its filters as given; {@code counts} are over all checks, so the summary does not shrink with a filter. */
    public record ListView(List<Row> rows, String status, String service, Map<String, String> services, Map<String, Long> counts,
                           boolean noChecks, String deleted) {
        public boolean filtered() {
            return !status.isEmpty() || !service.isEmpty();
        }

        public List<String> statuses() {
            return ORDER.stream().map(CheckPages::wire).toList();
        }
    }

    /** One location's state and latest result; {@code noAgent} when results can never come because nothing runs there. */
    public record LocationView(String location, String status, String since, Instant lastResultAt, String lastResultAgo, String message,
                               String failedPhase, String duration, boolean noAgent) {}

    /** A change of the check's verdict, from the event log. */
    public record StateChange(Instant at, String time, String status, String previous, String location, String phase, String message) {}

    /** A location's line in the latency chart's legend. */
    public record LegendEntry(String location, String colour) {}

    /** One row of the uptime table. */
    public record WindowView(String name, String uptime, String p50, String p95, String p99, long results) {
        public boolean empty() {
            return results == 0;
        }
    }

    /** Everything the page of one check shows. */
    public record DetailView(CheckStore.StoredCheck stored, String serviceName, String target, String since, String downRule,
                             String thresholds, List<LocationView> locations, Diagnosis diagnosis, List<WindowView> windows,
                             String dayBars, String firstDay, String lastDay, String latencyChart, String latencyChartNarrow, boolean latencyEmpty,
                             List<LegendEntry> legend, String range, List<StateChange> changes, List<EventHistory.Entry> history,
                             List<CheckHistory.Result> results, String notice) {
        public Check check() {
            return stored.check();
        }

        public String status() {
            return wire(stored.status());
        }

        public boolean paused() {
            return stored.status() == CheckStatus.PAUSED;
        }

        public boolean comparable() {
            return diagnosis.steps().stream().anyMatch(step -> step.byLocation().size() > 1);
        }

        /** The comparison's columns: the check's locations that have something to say about a step. */
        public List<String> columns() {
            return locations.stream().map(LocationView::location)
                    .filter(location -> diagnosis.steps().stream().anyMatch(step -> step.byLocation().containsKey(location))).toList();
        }
    }

    /** The checks and heartbeats of one service, for its page. */
    public record ServiceChecks(List<Row> checks, List<HeartbeatPages.Row> heartbeats) {
        public boolean empty() {
            return checks.isEmpty() && heartbeats.isEmpty();
        }
    }

    @GetMapping("/checks")
    public String list(@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String service,
                       @RequestParam(required = false) String deleted, Model model) {
        String statusFilter = ORDER.stream().map(CheckPages::wire).anyMatch(status::equals) ? status : "";
        List<CheckStore.StoredCheck> all = checks.store().all();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CheckStatus candidate : ORDER) {
            long count = all.stream().filter(stored -> stored.status() == candidate).count();
            if (count > 0) {
                counts.put(wire(candidate), count);
            }
        }
        Map<String, String> names = serviceNames();
        Map<String, String> services = new TreeMap<>();
        all.forEach(stored -> services.put(stored.check().service(), names.getOrDefault(stored.check().service(), stored.check().service())));
        List<CheckStore.StoredCheck> shown = all.stream()
                .filter(stored -> statusFilter.isEmpty() || wire(stored.status()).equals(statusFilter))
                .filter(stored -> service.isEmpty() || stored.check().service().equals(service))
                .toList();
        model.addAttribute("view", new ListView(rows(shown, names), statusFilter, service, services, counts, all.isEmpty(), deleted));
        return "checks/list";
    }

    @GetMapping("/checks/{slug}")
    public String show(@PathVariable String slug, @RequestParam(defaultValue = "24h") String range, Model model) {
        model.addAttribute("view", detail(require(slug), "1h".equals(range) ? "1h" : "24h", null));
        return "checks/show";
    }

    @PostMapping("/checks/{slug}/pause")
    public String pause(@PathVariable String slug) {
        checks.setPaused(CurrentUser.name(), require(slug).check().slug(), true);
        return "redirect:/checks/" + slug;
    }

    @PostMapping("/checks/{slug}/resume")
    public String resume(@PathVariable String slug) {
        checks.setPaused(CurrentUser.name(), require(slug).check().slug(), false);
        return "redirect:/checks/" + slug;
    }

    @PostMapping("/checks/{slug}/delete")
    public String delete(@PathVariable String slug) {
        checks.delete(CurrentUser.name(), require(slug).check().slug());
        return "redirect:/checks?deleted=" + slug;
    }

    /** The checks and heartbeats of a service, for the "Checks" section of its page. */
    ServiceChecks forService(String service, List<HeartbeatPages.Row> heartbeats) {
        return new ServiceChecks(rows(checks.store().forService(service), serviceNames()), heartbeats);
    }

    private List<Row> rows(List<CheckStore.StoredCheck> stored, Map<String, String> names) {
        Instant now = clock.instant();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        Map<Long, List<CheckHistory.Bucket>> hours = stored.isEmpty() ? Map.of() : history.last24Hours();
        return stored.stream()
                .sorted(Comparator.comparingInt((CheckStore.StoredCheck check) -> ORDER.indexOf(check.status()))
                        .thenComparing(check -> check.check().name(), String.CASE_INSENSITIVE_ORDER))
                .map(check -> new Row(check, names.getOrDefault(check.check().service(), check.check().service()), target(check.check().probe()),
                        TimeText.since(check.statusSince(), now), CheckCharts.sparkline(hours.getOrDefault(check.id(), List.of()), firstHour)))
                .toList();
    }

    private DetailView detail(CheckStore.StoredCheck stored, String range, String notice) {
        Instant now = clock.instant();
        Check check = stored.check();
        Set<String> withAgent = agents.all().stream().map(Agents.AgentInfo::location).collect(Collectors.toCollection(HashSet::new));
        withAgent.add(Check.LOCAL);

        Map<String, CheckStore.LocationRow> rows = new LinkedHashMap<>();
        checks.store().locations(stored.id()).forEach(row -> rows.put(row.location(), row));
        List<LocationView> locations = new ArrayList<>();
        Map<String, ProbeResult> latest = new LinkedHashMap<>();
        for (String location : check.locations()) {
            CheckStore.LocationRow row = rows.get(location);
            boolean noAgent = !withAgent.contains(location);
            if (row == null) {
                locations.add(new LocationView(location, wire(stored.status() == CheckStatus.PAUSED ? CheckStatus.PAUSED : CheckStatus.PENDING),
                        "", null, "no results yet", null, null, null, noAgent));
                continue;
            }
            ProbeResult result = row.lastResult();
            if (result != null) {
                latest.put(location, result);
            }
            locations.add(new LocationView(location, wire(row.status()), TimeText.since(row.statusSince(), now), row.lastResultAt(),
                    row.lastResultAt() == null ? "no results yet" : TimeText.relative(row.lastResultAt(), now),
                    result == null || result.message().isBlank() ? null : result.message(), result == null ? null : result.failedPhase(),
                    result == null ? null : CheckCharts.millisText(result.elapsed().toNanos() / 1e6), noAgent));
        }

        List<WindowView> windows = history.windows(stored.id()).stream().map(window -> new WindowView(window.name(),
                CheckCharts.uptimeText(window.uptime()), millis(window.p50()), millis(window.p95()), millis(window.p99()), window.results())).toList();

        List<CheckHistory.Bucket> days = history.days(stored.id(), 90);
        String dayBars = CheckCharts.dayBars(days, "days-" + check.slug());

        boolean lastHour = "1h".equals(range);
        Duration step = lastHour ? Duration.ofMinutes(1) : Duration.ofHours(1);
        int slots = lastHour ? 60 : 24;
        Instant from = now.truncatedTo(lastHour ? ChronoUnit.MINUTES : ChronoUnit.HOURS).minus(step.multipliedBy(slots - 1L));
        Map<String, List<CheckHistory.Bucket>> stored24 = history.byLocation(stored.id(), lastHour ? 'm' : 'h', from);
        // The check's own locations first, in their order, so colours stay put; then any that left the list but have data.
        Map<String, List<CheckHistory.Bucket>> series = new LinkedHashMap<>();
        check.locations().forEach(location -> series.put(location, stored24.getOrDefault(location, List.of())));
        stored24.forEach(series::putIfAbsent);
        boolean latencyEmpty = series.values().stream().flatMap(List::stream)
                .allMatch(bucket -> CheckCharts.percentile(bucket, 0.5).isEmpty());
        List<LegendEntry> legend = new ArrayList<>();
        int index = 0;
        for (String location : series.keySet()) {
            legend.add(new LegendEntry(location, CheckCharts.locationColour(index++)));
        }
        String chart = CheckCharts.latency(series, from, step, slots, "latency-" + check.slug(), false);
        String narrowChart = CheckCharts.latency(series, from, step, slots, "latency-" + check.slug(), true);

        List<Event> log = events.forObject("check", check.slug(), 200);
        List<StateChange> changes = log.stream().filter(event -> STATE_CHANGES.contains(event.kind())).limit(CHANGES)
                .map(CheckPages::stateChange).toList();
        List<EventHistory.Entry> definitionHistory = EventHistory.of(log.stream().filter(event -> !STATE_CHANGES.contains(event.kind()))
                .limit(CHANGES).toList());

        return new DetailView(stored, serviceNames().getOrDefault(check.service(), check.service()), target(check.probe()),
                TimeText.since(stored.statusSince(), now), downRule(check), thresholds(check), locations, FaultLocator.diagnose(latest),
                windows, dayBars, TimeText.minute(days.getFirst().start()).replace(" 00:00 UTC", ""),
                TimeText.minute(days.getLast().start()).replace(" 00:00 UTC", ""), chart, narrowChart, latencyEmpty, legend, range, changes,
                definitionHistory, history.recent(stored.id(), RESULTS), notice);
    }

    static StateChange stateChange(Event event) {
        JsonNode after = parse(event.after());
        String status = text(after, "status");
        return new StateChange(event.occurredAt(), TimeText.second(event.occurredAt()),
                status == null ? event.kind().substring(event.kind().indexOf('.') + 1) : status, text(after, "previous"),
                text(after, "location"), text(after, "failedPhase"), text(after, "message"));
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (RuntimeException e) {
            // An event written by another version in another shape must not break the page.
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
    }

    private CheckStore.StoredCheck require(String slug) {
        return checks.store().find(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no check '" + slug + "'"));
    }

    private Map<String, String> serviceNames() {
        return catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Service::name, (a, b) -> a));
    }

    /** A result's duration for the results table. */
    public static String duration(double millis) {
        return CheckCharts.millisText(millis);
    }

    private static String millis(OptionalDouble value) {
        return value.isEmpty() ? "no data" : CheckCharts.millisText(value.getAsDouble());
    }

    /** The status as the API and CSS spell it: "down", "paused". */
    static String wire(Enum<?> status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** The badge class of a check or heartbeat status: the colours of andon.css, the same on every page. */
    public static String badgeClass(String status) {
        return switch (status) {
            case "up" -> "status-ok";
            case "down" -> "status-down";
            case "degraded", "late" -> "status-degraded";
            case "paused" -> "status-paused";
            default -> "status-unknown";
        };
    }

    /** The status in words, so it never rests on colour alone. */
    public static String statusWord(String status) {
        return status == null || status.isEmpty() ? "" : Character.toUpperCase(status.charAt(0)) + status.substring(1);
    }

    /** What the check probes, in one line: "GET https://example.com/health", "db.internal:5432", "A example.com". */
    static String target(ProbeSpec probe) {
        return switch (probe) {
            case HttpSpec http -> http.method() + " " + withoutUserInfo(http.url());
            case TcpSpec tcp -> tcp.host() + ":" + tcp.port();
            case TlsSpec tls -> tls.host() + ":" + tls.port();
            case DnsSpec dns -> dns.recordType() + " " + dns.name() + (dns.resolver() == null || dns.resolver().isBlank() ? "" : " via " + dns.resolver());
            case PingSpec ping -> ping.host();
            case null -> "";
            default -> probe.type();
        };
    }

    /** A URL with any user:password part left out: the page is not the place for a credential. */
    private static String withoutUserInfo(java.net.URI url) {
        if (url == null || url.getRawUserInfo() == null) {
            return String.valueOf(url);
        }
        String text = url.toString();
        return text.replace(url.getRawUserInfo() + "@", "");
    }

    /** The down rule as a sentence: "Down when any location is down". */
    static String downRule(Check check) {
        String rule = check.downWhen().toString();
        int locations = check.locations().size();
        if (locations == 1) {
            return "Down when its location is down";
        }
        return switch (rule) {
            case "any" -> "Down when any location is down";
            case "all" -> "Down when every location is down";
            default -> "Down when " + rule + " locations are down";
        };
    }

    static String thresholds(Check check) {
        int failures = check.thresholds().failuresToDown();
        int successes = check.thresholds().successesToUp();
        return "a location is down after " + failures + (failures == 1 ? " failure" : " failures in a row") + ", up again after "
                + successes + (successes == 1 ? " success" : " successes in a row");
    }
}
