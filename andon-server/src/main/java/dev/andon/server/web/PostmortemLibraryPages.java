package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.postmortems.FactorType;
import dev.andon.postmortems.PostmortemStatus;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.postmortems.PostmortemLibrary;
import dev.andon.server.postmortems.PostmortemPatterns;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The postmortem library (search and filters over every postmortem) and its patterns page: the
 * contributing factors that keep coming back, services with repeated incidents, action-item
 * completion and time to publish, as server-side SVG charts with the numbers in tables below.
 */
@Controller
public class PostmortemLibraryPages {
    private final PostmortemLibrary library;
    private final PostmortemPatterns patterns;
    private final CatalogService catalog;

    public PostmortemLibraryPages(PostmortemLibrary library, PostmortemPatterns patterns, CatalogService catalog) {
        this.library = library;
        this.patterns = patterns;
        this.catalog = catalog;
    }

    public record Option(String value, String label, boolean selected) {}

    /** A result as the library lists it; the snippet is already escaped HTML with {@code <mark>}s. */
    public record Row(PostmortemLibrary.Result result) {
        public String severityClass() {
            return IncidentPages.severityClass(result.severity());
        }

        public String statusClass() {
            return PostmortemLibraryPages.statusClass(result.status());
        }

        public String due() {
            return TimeText.minute(result.dueAt());
        }

        public String published() {
            return TimeText.minute(result.publishedAt());
        }
    }

    public record LibraryView(String q, String tag, List<Option> services, List<Option> severities, List<Option> factorTypes, List<Option> statuses,
                              List<String> tags, List<Row> rows, boolean filtered, String error) {}

    public static String statusClass(PostmortemStatus status) {
        return switch (status) {
            case DRAFT -> "status status-muted";
            case IN_REVIEW -> "status status-info";
            case PUBLISHED -> "status status-ok";
        };
    }

    @GetMapping("/postmortems")
    public String library(@RequestParam(required = false) String q, @RequestParam(required = false) String service,
                          @RequestParam(required = false) String tag, @RequestParam(required = false) String severity,
                          @RequestParam(required = false) String factorType, @RequestParam(required = false) String status, Model model,
                          HttpServletResponse response) {
        List<Row> rows = List.of();
        String error = null;
        try {
            rows = library.search(new PostmortemLibrary.Search(q, service, tag, severity, factorType, status, 100)).stream().map(Row::new).toList();
        } catch (CatalogException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            error = label(e.field()) + ": " + e.getMessage();
        }
        List<Option> services = catalog.repository().services().stream().sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .map(s -> new Option(s.slug(), s.name(), s.slug().equals(service))).toList();
        List<Option> severities = Arrays.stream(IncidentSeverity.values())
                .map(s -> new Option(s.name(), s.name() + " · " + s.title(), s.name().equalsIgnoreCase(blank(severity)))).toList();
        List<Option> types = Arrays.stream(FactorType.values()).map(t -> new Option(t.key(), t.title(), t == FactorType.parse(factorType))).toList();
        List<Option> statuses = Arrays.stream(PostmortemStatus.values()).map(s -> new Option(s.key(), s.text(), s == PostmortemStatus.parse(status)))
                .toList();
        boolean filtered = Arrays.asList(q, service, tag, severity, factorType, status).stream().anyMatch(value -> value != null && !value.isBlank());
        model.addAttribute("view", new LibraryView(q == null ? "" : q, tag == null ? "" : tag, services, severities, types, statuses, library.tags(),
                rows, filtered, error));
        return "postmortems/library";
    }

    /** The library filtered by one tag. */
    public static String tagHref(String tag) {
        return "/postmortems?tag=" + java.net.URLEncoder.encode(tag, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String label(String field) {
        return switch (field == null ? "" : field) {
            case "q" -> "Search";
            case "factorType" -> "Factor type";
            case "service" -> "Service";
            case "severity" -> "Severity";
            case "status" -> "Status";
            case "tag" -> "Tag";
            default -> "Filter";
        };
    }

    private static String blank(String value) {
        return value == null ? "" : value.strip();
    }

    // --- patterns

    public record CompletionRow(String month, int created, int done, String rate) {}

    public record PublishRow(long postmortemId, String reference, String title, String resolved, String published, String time) {}

    public record PatternsView(PostmortemPatterns.Patterns patterns, List<Integer> choices, String since, String typesChart, String typesChartNarrow,
                               String factorsChart, String factorsChartNarrow, String servicesChart, String servicesChartNarrow,
                               String completionChart, String completionChartNarrow, String publishChart, String publishChartNarrow,
                               List<CompletionRow> completion, List<PublishRow> publishTimes, String medianPublish) {
        public int days() {
            return patterns.days();
        }

        public boolean anyItems() {
            return patterns.completion().stream().anyMatch(month -> month.created() > 0 || month.done() > 0);
        }

        public List<FactorType> factorTypes() {
            return List.of(FactorType.values());
        }
    }

    @GetMapping("/postmortems/patterns")
    public String patterns(@RequestParam(defaultValue = "90") String days, Model model) {
        int chosen = PostmortemPatterns.WINDOWS.stream().filter(choice -> String.valueOf(choice).equals(days)).findFirst()
                .orElse(PostmortemPatterns.WINDOWS.getFirst());
        PostmortemPatterns.Patterns found = patterns.of(chosen);

        List<OnCallCharts.Bar> typeBars = found.types().stream().map(type -> new OnCallCharts.Bar(type.type().title(),
                plural(type.factors(), "factor") + " in " + plural(type.postmortems(), "postmortem"),
                List.of(new OnCallCharts.Segment(type.factors(), PatternCharts.colour(type.type()), "bar-" + type.type().key(),
                        plural(type.factors(), type.type().title().toLowerCase(Locale.ROOT) + " factor"))))).toList();
        List<OnCallCharts.Bar> factorBars = found.factors().stream().map(factor -> new OnCallCharts.Bar(factor.description(),
                plural(factor.factors(), "time") + " in " + plural(factor.postmortems(), "postmortem"),
                List.of(new OnCallCharts.Segment(factor.factors(), factor.type() == null ? PatternCharts.WITHOUT_POSTMORTEM : PatternCharts.colour(factor.type()),
                        "bar-" + (factor.type() == null ? "factor" : factor.type().key()), plural(factor.factors(), "time"))))).toList();
        List<OnCallCharts.Bar> serviceBars = found.services().stream().map(service -> new OnCallCharts.Bar(service.name() + " (" + service.slug() + ")",
                plural(service.incidents(), "incident") + ", " + service.postmortems() + " with a postmortem",
                List.of(new OnCallCharts.Segment(service.postmortems(), PatternCharts.WITH_POSTMORTEM, "bar-with-postmortem",
                                plural(service.postmortems(), "incident") + " with a postmortem"),
                        new OnCallCharts.Segment(service.incidents() - service.postmortems(), PatternCharts.WITHOUT_POSTMORTEM, "bar-without-postmortem",
                                plural(service.incidents() - service.postmortems(), "incident") + " without one")))).toList();

        List<PatternCharts.Series> itemSeries = List.of(new PatternCharts.Series("Created", PatternCharts.CREATED, "bar-created"),
                new PatternCharts.Series("Done", PatternCharts.DONE, "bar-done"));
        List<PatternCharts.Column> itemColumns = found.completion().stream().map(month -> new PatternCharts.Column(month.month().toString(),
                shortMonth(month.month()), percent(month.rate()), List.of((double) month.created(), (double) month.done()),
                List.of(Integer.toString(month.created()), Integer.toString(month.done())),
                month.month() + ": " + month.created() + " created, " + month.done() + " done, completion rate "
                        + (month.rate() == null ? "not yet measured" : percent(month.rate())) + " at the month's end")).toList();
        List<PatternCharts.Series> publishSeries = List.of(new PatternCharts.Series("Median time to publish", PatternCharts.PUBLISH, "bar-publish"));
        List<PatternCharts.Column> publishColumns = found.publishMonths().stream().map(month -> new PatternCharts.Column(month.month().toString(),
                shortMonth(month.month()), Integer.toString(month.published()),
                java.util.Collections.singletonList(month.medianHours()), java.util.Collections.singletonList(hours(month.medianHours())),
                month.month() + ": " + (month.published() == 0 ? "nothing published"
                        : plural(month.published(), "postmortem") + " published, median " + hours(month.medianHours()) + " after resolution")))
                .toList();

        String window = " over the last " + chosen + " days";
        String typesTitle = "Contributing factors by type" + window;
        String factorsTitle = "The most frequent contributing factors" + window;
        String servicesTitle = "Services with two or more incidents" + window + ", with and without a postmortem";
        String completionTitle = "Action items created and done per month, with the completion rate at each month's end" + window;
        String publishTitle = "Median hours from resolution to publication per month" + window;
        List<CompletionRow> completion = found.completion().stream().map(month -> new CompletionRow(month.month().toString(), month.created(),
                month.done(), month.rate() == null ? "—" : percent(month.rate()))).toList();
        List<PublishRow> publishTimes = found.publishTimes().stream().limit(50).map(time -> new PublishRow(time.postmortemId(), "INC-" + time.incident(),
                time.title(), TimeText.minute(time.resolvedAt()), TimeText.minute(time.publishedAt()), hours(time.hours()))).toList();
        Double median = PostmortemPatterns.median(found.publishTimes().stream().map(PostmortemPatterns.PublishTime::hours).toList());
        model.addAttribute("view", new PatternsView(found, PostmortemPatterns.WINDOWS, TimeText.minute(found.from()),
                OnCallCharts.bars("factor-types-chart", typesTitle, typeBars, false), OnCallCharts.bars("factor-types-chart", typesTitle, typeBars, true),
                OnCallCharts.bars("factors-chart", factorsTitle, factorBars, false), OnCallCharts.bars("factors-chart", factorsTitle, factorBars, true),
                OnCallCharts.bars("services-chart", servicesTitle, serviceBars, false), OnCallCharts.bars("services-chart", servicesTitle, serviceBars, true),
                PatternCharts.columns("completion-chart", completionTitle, itemSeries, itemColumns, false),
                PatternCharts.columns("completion-chart", completionTitle, itemSeries, itemColumns, true),
                PatternCharts.columns("publish-chart", publishTitle, publishSeries, publishColumns, false),
                PatternCharts.columns("publish-chart", publishTitle, publishSeries, publishColumns, true),
                completion, publishTimes, median == null ? null : hours(median)));
        return "postmortems/patterns";
    }

    /** "36 h" up to two days, then "3.5 d"; "—" for none. */
    static String hours(Double hours) {
        if (hours == null) {
            return "—";
        }
        return hours < 48 ? Math.round(hours) + " h" : String.format(Locale.ROOT, "%.1f d", hours / 24);
    }

    static String percent(Double rate) {
        return rate == null ? "" : Math.round(rate * 100) + "%";
    }

    private static String shortMonth(java.time.YearMonth month) {
        return month.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
