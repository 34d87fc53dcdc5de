package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.incidents.Incidents;
import dev.andon.server.slo.BudgetPolicies;
import dev.andon.server.slo.DeployGate;
import dev.andon.server.slo.SloService;
import dev.andon.server.slo.SloStore;
import dev.andon.slo.ArrayBuckets;
import dev.andon.slo.BudgetPolicy;
import dev.andon.slo.Buckets;
import dev.andon.slo.BudgetingMethod;
import dev.andon.slo.BurnAlert;
import dev.andon.slo.Counts;
import dev.andon.slo.Durations;
import dev.andon.slo.Indicator;
import dev.andon.slo.NoDataPolicy;
import dev.andon.slo.Slo;
import dev.andon.slo.SloMath;
import dev.andon.slo.TimeWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The SLO pages: the list by service with each SLO's budget bar and state, the page of one SLO
 * (its numbers, the burn-down and the burn rate against the alert thresholds, what consumed the
 * budget, exclusions, the budget policy and the deploy gate), the monthly report per team with its
 * CSV, and the incident page's "Error budget" fragment. The numbers are SloMath's, read through
 * SloService; these pages only arrange them.
 */
@Controller
public class SloPages {
    /** Points of the burn-down: one a little over every half day of a 28-day window. */
    static final int BURN_DOWN_POINTS = 60;
    /** The hours listed under "what consumed the budget". */
    static final int WORST_HOURS = 5;
    /** The report looks for incidents that started up to this long before the month and overlap it. */
    static final Duration REPORT_LOOKBACK = Duration.ofDays(92);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH_TITLE = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private final SloService slos;
    private final SloStore store;
    private final BudgetPolicies policies;
    private final DeployGate gate;
    private final CatalogService catalog;
    private final Incidents incidents;
    private final Clock clock;

    public SloPages(SloService slos, SloStore store, BudgetPolicies policies, DeployGate gate, CatalogService catalog, Incidents incidents,
                    Clock clock) {
        this.slos = slos;
        this.store = store;
        this.policies = policies;
        this.gate = gate;
        this.catalog = catalog;
        this.incidents = incidents;
        this.clock = clock;
    }

    // --- the list

    /** One SLO as listed: the numbers of now, in words. {@code overspent} is set when the budget went below zero. */
    public record Row(String slug, String name, String target, String window, String sli, String remaining, String overspent, String state,
                      String bar, String burnRate, String exhaustion, List<String> firing, boolean noData) {
        public String stateClass() {
            return SloPages.stateClass(state);
        }
    }

    public record ServiceGroup(String slug, String name, String team, String teamName, List<Row> rows) {}

    public record ListView(List<ServiceGroup> groups, String service, String team, Map<String, String> services, Map<String, String> teams,
                           Map<String, Long> states, boolean none) {
        public boolean filtered() {
            return !service.isEmpty() || !team.isEmpty();
        }

        public int count() {
            return groups.stream().mapToInt(group -> group.rows().size()).sum();
        }
    }

    @GetMapping("/slos")
    public String list(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String team, Model model) {
        Map<String, Service> services = catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Function.identity(), (a, b) -> a));
        Map<String, String> teamNames = catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, Team::name, (a, b) -> a, TreeMap::new));
        List<SloStore.Stored> all = slos.all();
        Map<String, String> serviceChoices = new TreeMap<>();
        Map<String, String> teamChoices = new TreeMap<>();
        for (SloStore.Stored stored : all) {
            Service owner = services.get(stored.slo().service());
            serviceChoices.put(stored.slo().service(), owner == null ? stored.slo().service() : owner.name());
            if (owner != null && owner.ownerTeam() != null) {
                teamChoices.put(owner.ownerTeam(), teamNames.getOrDefault(owner.ownerTeam(), owner.ownerTeam()));
            }
        }
        Map<String, List<Row>> byService = new TreeMap<>();
        Map<Long, BudgetPolicy> policyOf = new HashMap<>();
        Map<String, Long> states = new LinkedHashMap<>();
        for (BudgetPolicy.State state : BudgetPolicy.State.values()) {
            states.put(state.key(), 0L);
        }
        for (SloStore.Stored stored : all) {
            Service owner = services.get(stored.slo().service());
            if (!service.isEmpty() && !stored.slo().service().equals(service)) {
                continue;
            }
            if (!team.isEmpty() && (owner == null || !team.equals(owner.ownerTeam()))) {
                continue;
            }
            SloService.View view = slos.view(stored, policyOf.computeIfAbsent(stored.serviceId(), policies::of));
            byService.computeIfAbsent(stored.slo().service(), key -> new ArrayList<>()).add(row(view));
            states.merge(view.state().key(), 1L, Long::sum);
        }
        List<ServiceGroup> groups = new ArrayList<>();
        byService.forEach((slug, rows) -> {
            Service owner = services.get(slug);
            String ownerTeam = owner == null ? null : owner.ownerTeam();
            groups.add(new ServiceGroup(slug, owner == null ? slug : owner.name(), ownerTeam, ownerTeam == null ? null : teamNames.getOrDefault(ownerTeam, ownerTeam),
                    rows.stream().sorted(Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER)).toList()));
        });
        groups.sort(Comparator.comparing(ServiceGroup::name, String.CASE_INSENSITIVE_ORDER));
        states.values().removeIf(count -> count == 0);
        model.addAttribute("view", new ListView(groups, service, team, serviceChoices, teamChoices, states, all.isEmpty()));
        return "slos/list";
    }

    static Row row(SloService.View view) {
        Slo slo = view.stored().slo();
        SloMath.Status status = view.status();
        double remaining = status.remaining();
        String state = view.state().key();
        List<String> firing = new ArrayList<>(view.alerts().stream().filter(SloMath.AlertState::firing).map(alert -> alert.alert().name()).toList());
        if (view.noDataAlert()) {
            firing.add("no-data");
        }
        return new Row(slo.slug(), slo.name(), target(slo.target()), window(slo.window()), sli(status.sli()),
                remaining < 0 ? "0%" : SloCharts.percent(Math.min(1, remaining)), remaining < 0 ? SloCharts.percent(-remaining) : null, state,
                SloCharts.budgetBar(remaining, state), status.noData() ? "—" : SloCharts.rate(status.burnRate()), exhaustion(status), firing,
                status.noData());
    }

    // --- one SLO

    public record AlertRow(String name, String severity, String longWindow, String shortWindow, String budgetFraction, String threshold, String longBurn,
                           String shortBurn, long events, boolean firing) {}

    /** An hour of the period with bad events; {@code share} of the period's budget (Occurrences only), {@code excluded} when it does not count. */
    public record HourRow(Instant at, String hour, long bad, long total, String errorRatio, String share, boolean excluded) {}

    public record IncidentRow(long number, String reference, String title, String status, boolean open, String started, String resolved, double cost,
                              String costText) {}

    public record ExclusionRow(long id, String from, String to, String reason, String by, String at) {}

    public record StateActions(String state, String actions, boolean current) {}

    public record PolicyView(String atRiskBelow, String exhaustedAt, List<StateActions> states) {}

    public record DetailView(Slo slo, String serviceName, String team, String teamName, Row row, String method, String source, String checkSlug,
                             String periodStart, String periodEnd, long good, long total, String consumed, String burnDown, String burnDownNarrow,
                             String burnRate, String burnRateNarrow, String range, List<AlertRow> alerts, boolean noDataAlert, String noDataPolicy,
                             List<HourRow> worst, boolean worstShare, List<IncidentRow> incidents, String incidentsTotal, List<ExclusionRow> exclusions,
                             String formFrom, String formTo, PolicyView policy, DeployGate.Decision decision, String notice, String error) {
        public boolean rolling() {
            return slo.window() instanceof TimeWindow.Rolling;
        }

        public long bad() {
            return total - good;
        }
    }

    @GetMapping("/slos/{slug}")
    public String show(@PathVariable String slug, @RequestParam(defaultValue = "24h") String range, @RequestParam(required = false) String notice,
                       @RequestParam(required = false) String error, Model model) {
        SloStore.Stored stored = slos.require(slug);
        model.addAttribute("view", detail(stored, "3d".equals(range) ? "3d" : "24h", notice, error));
        return "slos/show";
    }

    private DetailView detail(SloStore.Stored stored, String range, String notice, String error) {
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Slo slo = stored.slo();
        BudgetPolicy policy = policies.of(stored.serviceId());
        SloService.View view = slos.view(stored, policy);
        SloMath.Status status = view.status();
        TimeWindow.Period period = status.period();
        Service service = catalog.repository().service(slo.service()).orElse(null);
        String team = service == null ? null : service.ownerTeam();
        String teamName = team == null ? null : catalog.repository().team(team).map(Team::name).orElse(team);

        // Burn-down: a rolling window's remaining budget at each moment is that of the window ending
        // there, so the minutes of one more window length back are needed; a calendar period starts over.
        boolean calendar = slo.window() instanceof TimeWindow.Calendar;
        Buckets downBuckets = calendar ? view.buckets()
                : store.buckets(stored, period.start().minus(period.length()), minute.plus(Duration.ofMinutes(1)));
        List<double[]> series = SloMath.burnDown(slo, downBuckets, view.excluded(), now, BURN_DOWN_POINTS);
        if (status.countedFrom().isAfter(minute) || (status.noData() && series.stream().allMatch(point -> point[1] == 1))) {
            series = List.of();
        }
        Instant downTo = calendar ? period.end() : minute;
        String id = "slo-" + slo.slug();
        String burnDown = SloCharts.burnDown(series, period.start(), downTo, minute, calendar, id + "-burn-down", false);
        String burnDownNarrow = SloCharts.burnDown(series, period.start(), downTo, minute, calendar, id + "-burn-down", true);

        // Burn rate: each point is the 1-hour burn rate ending there, every 5 minutes over a day or every hour over 3 days.
        Duration span = "3d".equals(range) ? Duration.ofDays(3) : Duration.ofHours(24);
        Duration step = "3d".equals(range) ? HOUR : Duration.ofMinutes(5);
        Instant rateFrom = minute.minus(span);
        Buckets rateBuckets = covers(view, rateFrom.minus(HOUR)) ? view.buckets() : store.buckets(stored, rateFrom.minus(HOUR), minute.plus(Duration.ofMinutes(1)));
        List<SloCharts.Point> points = burnRates(slo, rateBuckets, view.excluded(), rateFrom, minute, step);
        Duration periodLength = SloMath.periodLength(slo, now);
        List<SloCharts.Threshold> thresholds = slo.alerts().stream()
                .map(alert -> new SloCharts.Threshold(alert.severity(), Durations.text(alert.longWindow()), alert.threshold(periodLength))).toList();
        String burnRate = SloCharts.burnRate(points, rateFrom, minute, thresholds, id + "-burn-rate", false);
        String burnRateNarrow = SloCharts.burnRate(points, rateFrom, minute, thresholds, id + "-burn-rate", true);

        List<AlertRow> alerts = view.alerts().stream().map(state -> new AlertRow(state.alert().name(), state.alert().severity(),
                Durations.text(state.alert().longWindow()), Durations.text(state.alert().shortWindow()), SloCharts.percent(state.alert().budgetFraction()),
                SloCharts.rate(state.threshold()), SloCharts.rate(state.longBurn()), SloCharts.rate(state.shortBurn()), state.longEvents(), state.firing()))
                .toList();

        List<HourRow> worst = worstHours(stored, view, minute);
        List<IncidentRow> incidentRows = incidentsIn(slo, period.start(), earlier(period.end(), now), now);
        double incidentsTotal = incidentRows.stream().mapToDouble(IncidentRow::cost).sum();

        List<ExclusionRow> exclusions = view.exclusions().stream().map(exclusion -> new ExclusionRow(exclusion.id(), TimeText.minute(exclusion.startsAt()),
                TimeText.minute(exclusion.endsAt()), exclusion.reason(), exclusion.createdBy(), TimeText.minute(exclusion.createdAt()))).toList();

        List<StateActions> stateActions = new ArrayList<>();
        for (BudgetPolicy.State state : BudgetPolicy.State.values()) {
            List<String> actions = policy.actionsFor(state).stream().map(BudgetPolicy.Action::key).sorted().toList();
            stateActions.add(new StateActions(state.key(), actions.isEmpty() ? "nothing" : String.join(", ", actions), state == view.state()));
        }
        PolicyView policyView = new PolicyView(SloCharts.percent(policy.atRiskBelow()), SloCharts.percent(policy.exhaustedAt()), stateActions);

        return new DetailView(slo, service == null ? slo.service() : service.name(), team, teamName, row(view), method(slo), source(slo.indicator()),
                slo.indicator().source() == Indicator.Source.CHECK ? slo.indicator().check() : null, TimeText.minute(period.start()),
                TimeText.minute(period.end()), status.counts().good(), status.counts().total(), SloCharts.percent(status.consumed()), burnDown, burnDownNarrow,
                burnRate, burnRateNarrow, range, alerts, view.noDataAlert(), slo.noData().key(), worst, slo.method() == BudgetingMethod.OCCURRENCES,
                incidentRows, SloCharts.percent(incidentsTotal), exclusions, FORM_TIME.format(minute.minus(HOUR)), FORM_TIME.format(minute),
                policyView, gate.decide(slo.service()), notice, error);
    }

    /** Whether the view's buckets reach back to {@code from}: they start at the period or the longest alert window, whichever is earlier. */
    private static boolean covers(SloService.View view, Instant from) {
        Instant start = view.status().period().start();
        Instant minute = view.status().countedTo();
        for (BurnAlert alert : view.stored().slo().alerts()) {
            Instant alertFrom = minute.minus(alert.longWindow());
            start = alertFrom.isBefore(start) ? alertFrom : start;
        }
        return !start.isAfter(from);
    }

    /** The 1-hour burn rate ending at each step after {@code from}; null where the hour had no events to count (or the SLO did not collect yet). */
    static List<SloCharts.Point> burnRates(Slo slo, Buckets buckets, List<TimeWindow.Period> excluded, Instant from, Instant to, Duration step) {
        List<SloCharts.Point> points = new ArrayList<>();
        for (Instant at = from.plus(step); !at.isAfter(to); at = at.plus(step)) {
            Instant windowFrom = at.minus(HOUR);
            Counts counts = buckets.sum(windowFrom, at);
            boolean nothing = !at.isAfter(buckets.since()) || (counts.empty() && slo.noData() == NoDataPolicy.EXCLUDED);
            points.add(new SloCharts.Point(at, nothing ? null : SloMath.burnRate(slo, buckets, excluded, windowFrom, at)));
        }
        return points;
    }

    /** The hours of the current period with the most bad events. */
    private List<HourRow> worstHours(SloStore.Stored stored, SloService.View view, Instant minute) {
        TimeWindow.Period period = view.status().period();
        Instant firstHour = period.start().truncatedTo(ChronoUnit.HOURS);
        if (firstHour.isBefore(period.start())) {
            firstHour = firstHour.plus(HOUR);
        }
        double budgetUnits = view.stored().slo().errorBudget() * view.status().counts().total();
        return store.hours(stored.id(), firstHour, minute.plus(HOUR)).stream()
                .filter(hour -> hour.total() - hour.good() > 0)
                .sorted(Comparator.comparingLong((SloStore.Minute hour) -> hour.total() - hour.good()).reversed().thenComparing(SloStore.Minute::minute))
                .limit(WORST_HOURS)
                .map(hour -> {
                    long bad = hour.total() - hour.good();
                    boolean excluded = view.excluded().stream()
                            .anyMatch(span -> span.start().isBefore(hour.minute().plus(HOUR)) && span.end().isAfter(hour.minute()));
                    String share = excluded || budgetUnits <= 0 ? null : SloCharts.percent(bad / budgetUnits);
                    return new HourRow(hour.minute(), HOUR_TEXT.format(hour.minute()) + "–" + DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
                            .format(hour.minute().plus(HOUR)) + " UTC", bad, hour.total(), SloCharts.percent((double) bad / hour.total()), share, excluded);
                }).toList();
    }

    /** The incidents of the SLO's service that overlap [from, to), most costly first, with what each cost this SLO. */
    private List<IncidentRow> incidentsIn(Slo slo, Instant from, Instant to, Instant now) {
        List<IncidentRow> rows = new ArrayList<>();
        for (Incidents.Incident incident : incidents.list("all", slo.service(), null, 500)) {
            if (!overlaps(incident, from, to, now)) {
                continue;
            }
            double cost = slos.incidentCost(incident.id(), incident.times().startedAt(), incident.times().resolvedAt()).stream()
                    .filter(item -> item.slo().equals(slo.slug())).mapToDouble(SloService.IncidentCost::consumed).sum();
            rows.add(incidentRow(incident, cost));
        }
        rows.sort(Comparator.comparingDouble(IncidentRow::cost).reversed().thenComparing(IncidentRow::number, Comparator.reverseOrder()));
        return rows;
    }

    private static IncidentRow incidentRow(Incidents.Incident incident, double cost) {
        return new IncidentRow(incident.number(), incident.reference(), incident.title(), incident.status().text(), incident.open(),
                TimeText.minute(incident.times().startedAt()), incident.times().resolvedAt() == null ? "" : TimeText.minute(incident.times().resolvedAt()),
                cost, SloCharts.percent(cost));
    }

    private static boolean overlaps(Incidents.Incident incident, Instant from, Instant to, Instant now) {
        Instant end = incident.times().resolvedAt() == null ? now : incident.times().resolvedAt();
        return incident.times().startedAt().isBefore(to) && end.isAfter(from);
    }

    @PostMapping("/slos/{slug}/exclusions")
    public String exclude(@PathVariable String slug, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          @RequestParam(required = false) String reason, @RequestParam(required = false) String incident) {
        SloStore.Stored stored = slos.require(slug);
        String back = "redirect:/slos/" + stored.slo().slug();
        try {
            Long number = incident == null || incident.isBlank() ? null : incidentNumber(incident);
            slos.exclude(CurrentUser.name(), stored.slo().slug(), formTime("from", from), formTime("to", to), reason, number);
            return back + "?notice=" + encode("Excluded: that time no longer counts against the budget.") + "#exclusions";
        } catch (CatalogException e) {
            return back + "?error=" + encode(e.field() + ": " + e.getMessage()) + "#exclusions";
        }
    }

    @PostMapping("/slos/{slug}/exclusions/{id}/delete")
    public String removeExclusion(@PathVariable String slug, @PathVariable long id) {
        SloStore.Stored stored = slos.require(slug);
        String back = "redirect:/slos/" + stored.slo().slug();
        try {
            slos.removeExclusion(CurrentUser.name(), stored.slo().slug(), id);
            return back + "?notice=" + encode("Exclusion removed: that time counts again.") + "#exclusions";
        } catch (CatalogException e) {
            return back + "?error=" + encode(e.field() + ": " + e.getMessage()) + "#exclusions";
        }
    }

    // --- the monthly report

    /** An incident in the month and the share of the month's budget it consumed. */
    public record ReportIncident(long number, String reference, String title, double cost, String costText) {}

    /**
     * One SLO's month: the SLI and budget of the calendar month (UTC) and the state of the SLO's own
     * window at the month's end (now, while the month runs). Null numbers: no data in the month.
     */
    public record ReportRow(String team, String teamName, String service, String serviceName, String slug, String name, double target, String targetText,
                            String window, Double sli, String sliText, long good, long total, Double consumed, String consumedText, Double remaining,
                            String state, String bar, List<ReportIncident> incidents) {
        public String stateClass() {
            return SloPages.stateClass(state);
        }

        public String overspent() {
            return remaining != null && remaining < 0 ? SloCharts.percent(-remaining) : null;
        }
    }

    public record ReportView(String team, String teamName, String month, String monthTitle, String previous, String next, String from, String to,
                             boolean running, boolean future, Map<String, String> teams, List<ReportRow> rows) {
        public String csv() {
            return "/reports/slos.csv?team=" + encode(team) + "&month=" + month;
        }

        public String link(String otherMonth) {
            return "/reports/slos?team=" + encode(team) + "&month=" + otherMonth;
        }
    }

    @GetMapping("/reports/slos")
    public String report(@RequestParam(defaultValue = "") String team, @RequestParam(required = false) String month, Model model) {
        model.addAttribute("view", reportView(team, month));
        return "slos/report";
    }

    @GetMapping("/reports/slos.csv")
    public ResponseEntity<String> reportCsv(@RequestParam(defaultValue = "") String team, @RequestParam(required = false) String month) {
        ReportView view = reportView(team, month);
        String name = "slo-report-" + (team.isEmpty() ? "all-teams" : team.replaceAll("[^a-z0-9-]", "")) + "-" + view.month() + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(csv(view));
    }

    /** The report as CSV: one row per SLO, fractions as decimals (0.25 is 25%), times UTC, incidents as "INC-12=0.0833;INC-14=0.01". */
    static String csv(ReportView view) {
        StringBuilder csv = new StringBuilder("month,team,service,slo,name,target,window,sli,good,total,budget_consumed,budget_remaining,state_at_month_end,"
                + "incidents,incident_costs\r\n");
        for (ReportRow row : view.rows()) {
            String costs = row.incidents().stream().map(incident -> incident.reference() + "=" + decimal(incident.cost())).collect(Collectors.joining(";"));
            csv.append(String.join(",", view.month(), cell(row.team()), cell(row.service()), cell(row.slug()), cell(row.name()), decimal(row.target()),
                    cell(row.window()), row.sli() == null ? "" : decimal(row.sli()), Long.toString(row.good()), Long.toString(row.total()),
                    row.consumed() == null ? "" : decimal(row.consumed()), row.remaining() == null ? "" : decimal(row.remaining()), cell(row.state()),
                    Integer.toString(row.incidents().size()), cell(costs))).append("\r\n");
        }
        return csv.toString();
    }

    private ReportView reportView(String team, String monthText) {
        Instant now = clock.instant();
        YearMonth month = month(monthText, now);
        Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        boolean future = !now.isAfter(monthStart);
        boolean running = !future && now.isBefore(monthEnd);
        Map<String, Service> services = catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Function.identity(), (a, b) -> a));
        Map<String, String> teams = catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, Team::name, (a, b) -> a, TreeMap::new));
        if (!team.isEmpty() && !teams.containsKey(team)) {
            throw new CatalogException(CatalogException.Code.NOT_FOUND, "team", "there is no team '" + team + "'; see /teams for the list");
        }
        List<Incidents.Incident> started = future ? List.of() : incidents.startedBetween(monthStart.minus(REPORT_LOOKBACK), monthEnd).stream()
                .filter(incident -> overlaps(incident, monthStart, monthEnd, now)).toList();
        List<ReportRow> rows = new ArrayList<>();
        Map<Long, BudgetPolicy> policyOf = new HashMap<>();
        for (SloStore.Stored stored : slos.all()) {
            Service service = services.get(stored.slo().service());
            String owner = service == null ? null : service.ownerTeam();
            if (!team.isEmpty() && !team.equals(owner)) {
                continue;
            }
            List<Incidents.Incident> ofService = started.stream().filter(incident -> incident.services().contains(stored.slo().service())).toList();
            rows.add(reportRow(stored, service, owner == null ? null : teams.getOrDefault(owner, owner), month, monthStart, monthEnd, now, future, ofService,
                    policyOf.computeIfAbsent(stored.serviceId(), policies::of)));
        }
        rows.sort(Comparator.comparing((ReportRow row) -> row.teamName() == null ? "\uffff" : row.teamName(), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(ReportRow::serviceName, String.CASE_INSENSITIVE_ORDER).thenComparing(ReportRow::name, String.CASE_INSENSITIVE_ORDER));
        return new ReportView(team, team.isEmpty() ? null : teams.get(team), month.toString(), MONTH_TITLE.format(month), month.minusMonths(1).toString(),
                month.plusMonths(1).toString(), TimeText.minute(monthStart), TimeText.minute(monthEnd), running, future, teams, rows);
    }

    /**
     * The month's numbers. The SLO is evaluated as if its window were the calendar month in UTC: while
     * the month runs, with a calendar window at now; once it is over, with a rolling window of exactly
     * the month's length ending at its end, so the last minute counts too (a calendar window evaluated
     * at the month's last minute would leave that minute out). Incident costs are shares of the month's
     * budget (a calendar window, counted to the month's end or now). The state is the SLO's own window
     * at the month's last minute (or now) under the service's current budget policy.
     */
    private ReportRow reportRow(SloStore.Stored stored, Service service, String teamName, YearMonth month, Instant monthStart, Instant monthEnd,
                                Instant now, boolean future, List<Incidents.Incident> ofService, BudgetPolicy policy) {
        Slo slo = stored.slo();
        String serviceName = service == null ? slo.service() : service.name();
        String owner = service == null ? null : service.ownerTeam();
        if (future) {
            return new ReportRow(owner, teamName, slo.service(), serviceName, slo.slug(), slo.name(), slo.target(), target(slo.target()), window(slo.window()),
                    null, "not started", 0, 0, null, "—", null, "—", "", List.of());
        }
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        boolean running = now.isBefore(monthEnd);
        Instant evaluatedAt = running ? now : monthEnd;
        Instant loadTo = running ? minute.plus(Duration.ofMinutes(1)) : monthEnd;
        ArrayBuckets buckets = store.buckets(stored, monthStart, loadTo);
        List<TimeWindow.Period> excluded = store.exclusions(stored.id()).stream().map(SloStore.Exclusion::period).toList();
        Slo calendarMonth = withWindow(slo, new TimeWindow.Calendar(1, ChronoUnit.MONTHS, month.atDay(1).atStartOfDay(), ZoneOffset.UTC));
        Slo monthSlo = running ? calendarMonth : withWindow(slo, new TimeWindow.Rolling(Duration.between(monthStart, monthEnd)));
        SloMath.Status status = SloMath.status(monthSlo, buckets, excluded, evaluatedAt);

        List<ReportIncident> costs = new ArrayList<>();
        for (Incidents.Incident incident : ofService) {
            Instant from = later(incident.times().startedAt(), monthStart);
            Instant to = earlier(incident.times().resolvedAt() == null ? now : incident.times().resolvedAt(), monthEnd);
            double cost = SloMath.consumed(calendarMonth, buckets, excluded, from, to, evaluatedAt);
            costs.add(new ReportIncident(incident.number(), incident.reference(), incident.title(), cost, SloCharts.percent(cost)));
        }
        costs.sort(Comparator.comparingLong(ReportIncident::number));

        // The SLO's own window at the month's last minute (or now).
        Instant stateAt = running ? now : monthEnd.minus(Duration.ofMinutes(1));
        TimeWindow.Period ownPeriod = slo.window().periodAt(stateAt);
        ArrayBuckets ownBuckets = store.buckets(stored, ownPeriod.start(), stateAt.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        SloMath.Status own = SloMath.status(slo, ownBuckets, excluded, stateAt);
        String state = own.noData() ? "no data" : policy.state(own.remaining()).key();

        boolean noData = status.noData();
        double remaining = status.remaining();
        return new ReportRow(owner, teamName, slo.service(), serviceName, slo.slug(), slo.name(), slo.target(), target(slo.target()), window(slo.window()),
                noData ? null : status.sli(), sli(status.sli()), status.counts().good(), status.counts().total(), noData ? null : status.consumed(),
                noData ? "—" : SloCharts.percent(status.consumed()), noData ? null : remaining, state,
                noData ? "" : SloCharts.budgetBar(remaining, policy.state(remaining).key()), costs);
    }

    static Slo withWindow(Slo slo, TimeWindow window) {
        return new Slo(slo.slug(), slo.name(), slo.description(), slo.service(), slo.indicator(), slo.target(), window, slo.method(), slo.sliceWindow(),
                slo.sliceTarget(), slo.noData(), slo.minEvents(), slo.noDataAlertAfter(), slo.alerts());
    }

    private static YearMonth month(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return YearMonth.from(now.atOffset(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "month", "'" + text + "' is not a month such as 2026-11");
        }
    }

    // --- the incident page's "Error budget" fragment

    public record CostRow(String slug, String name, String service, double consumed, String text, boolean overspent) {}

    public record CostView(long incident, boolean open, List<CostRow> costs) {}

    @GetMapping("/incidents/{number}/slo-cost")
    public String incidentCost(@PathVariable long number, Model model) {
        Incidents.Incident incident = incidents.require(number);
        Map<String, String> serviceOf = slos.all().stream().collect(Collectors.toMap(stored -> stored.slo().slug(), stored -> stored.slo().service()));
        List<CostRow> costs = slos.incidentCost(incident.id(), incident.times().startedAt(), incident.times().resolvedAt()).stream()
                .map(cost -> new CostRow(cost.slo(), cost.name(), serviceOf.getOrDefault(cost.slo(), ""), cost.consumed(), SloCharts.percent(cost.consumed()),
                        cost.consumed() > 1))
                .sorted(Comparator.comparingDouble(CostRow::consumed).reversed()).toList();
        model.addAttribute("view", new CostView(number, incident.open(), costs));
        return "slos/cost";
    }

    // --- words

    /** The badge class of a budget state, in the check pages' colours. */
    public static String stateClass(String state) {
        return switch (state) {
            case "healthy" -> "status status-ok";
            case "at-risk" -> "status status-degraded";
            case "exhausted" -> "status status-down";
            default -> "status status-muted";
        };
    }

    /** 0.999 → "99.9%", 0.99 → "99%". */
    static String target(double target) {
        return BigDecimal.valueOf(target * 100).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** The SLI as a percentage, never rounded up to a better number; "no data" without events. */
    static String sli(double sli) {
        return Double.isNaN(sli) ? "no data" : CheckCharts.uptimeText(OptionalDouble.of(sli * 100));
    }

    static String window(TimeWindow window) {
        return switch (window) {
            case TimeWindow.Rolling rolling -> Durations.text(rolling.length()) + " rolling";
            case TimeWindow.Calendar calendar -> calendar.durationText() + " calendar, " + calendar.zone().getId();
        };
    }

    static String method(Slo slo) {
        return switch (slo.method()) {
            case OCCURRENCES -> "Occurrences (good events of all events)";
            case TIMESLICES -> "Timeslices (" + Durations.text(slo.sliceWindow()) + " slices, good at " + target(slo.sliceTarget()) + " or better)";
            case RATIO_TIMESLICES -> "RatioTimeslices (the average ratio of " + Durations.text(slo.sliceWindow()) + " slices)";
        };
    }

    static String source(Indicator indicator) {
        return switch (indicator.source()) {
            case PUSH -> "pushed counts";
            case CHECK -> (indicator.threshold() ? "latency at or under " + indicator.latencyThresholdMs() + " ms" : "availability") + " of check "
                    + indicator.check() + (indicator.location() == null ? " (its verdict)" : " from " + indicator.location());
            case PROMETHEUS -> "Prometheus data source " + indicator.dataSource();
        };
    }

    /** "exhausted", "not burning", or how long until the budget is gone at the last hour's rate. */
    static String exhaustion(SloMath.Status status) {
        if (status.noData()) {
            return "—";
        }
        if (status.remaining() <= 0) {
            return "exhausted";
        }
        return status.timeToExhaustion() == null ? "not burning" : TimeText.duration(status.timeToExhaustion());
    }

    private static Long incidentNumber(String text) {
        try {
            return Long.parseLong(text.strip().replaceFirst("(?i)^INC-", ""));
        } catch (NumberFormatException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "incident", "'" + text + "' is not an incident number such as 12 or INC-12");
        }
    }

    private static Instant formTime(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required: a UTC time such as 2026-11-21T10:00");
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a UTC time such as 2026-11-21T10:00");
        }
    }

    static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
