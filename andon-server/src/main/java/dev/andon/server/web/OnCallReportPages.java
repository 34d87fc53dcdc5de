package dev.andon.server.web;

import dev.andon.catalog.User;
import dev.andon.server.paging.PagingReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The on-call report: how much paging costs each person (pages, pages at night, hours on call) and
 * how fast pages are answered per service and per team (mean time to acknowledge and to resolve),
 * so load can be shared fairly and slow responses noticed.
 */
@Controller
public class OnCallReportPages {
    private final PagingReports reports;
    private final OnCallNow onCallNow;
    private final Clock clock;

    public OnCallReportPages(PagingReports reports, OnCallNow onCallNow, Clock clock) {
        this.reports = reports;
        this.onCallNow = onCallNow;
        this.clock = clock;
    }

    /** A person's load; {@code hours} is rounded for reading. */
    public record LoadRow(String username, String name, int pages, int nightPages, String hours) {}

    /** A service's or team's response times, with bars scaled to the slowest row of its table. */
    public record TimesRow(String name, String href, int groups, int acknowledged, String mtta, String mttaBar, int resolved, String mttr,
                           String mttrBar) {}

    public record ReportView(int days, List<Integer> choices, String since, List<LoadRow> load, String pagesChart, String pagesChartNarrow,
                             String hoursChart, String hoursChartNarrow, List<TimesRow> services, List<TimesRow> teams) {
        public int pages() {
            return load.stream().mapToInt(LoadRow::pages).sum();
        }

        public int nightPages() {
            return load.stream().mapToInt(LoadRow::nightPages).sum();
        }

        public boolean chartCut() {
            return load.size() > OnCallCharts.MAX_ROWS;
        }
    }

    @GetMapping("/reports/oncall")
    public String report(@RequestParam(defaultValue = "30") String days, Model model) {
        int chosen = ReportPages.DAYS.stream().filter(choice -> String.valueOf(choice).equals(days)).findFirst().orElse(30);
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(chosen));
        Map<String, User> users = onCallNow.users();
        List<PagingReports.PersonLoad> load = reports.load(from, to);
        List<LoadRow> rows = load.stream().map(person -> new LoadRow(person.username(), OnCallNow.name(person.username(), users), person.pages(),
                person.nightPages(), hours(person.onCall()))).toList();

        List<OnCallCharts.Bar> pageBars = load.stream().filter(person -> person.pages() > 0).map(person -> new OnCallCharts.Bar(
                OnCallNow.name(person.username(), users), OnCallNow.plural(person.pages(), "page") + ", " + person.nightPages() + " at night",
                List.of(new OnCallCharts.Segment(person.pages() - person.nightPages(), OnCallCharts.DAY, "bar-day",
                                (person.pages() - person.nightPages()) + " by day"),
                        new OnCallCharts.Segment(person.nightPages(), OnCallCharts.NIGHT, "bar-night", person.nightPages() + " at night"))))
                .toList();
        List<OnCallCharts.Bar> hourBars = load.stream().filter(person -> !person.onCall().isZero())
                .sorted((a, b) -> b.onCall().compareTo(a.onCall()))
                .map(person -> new OnCallCharts.Bar(OnCallNow.name(person.username(), users), hours(person.onCall()) + " on call",
                        List.of(new OnCallCharts.Segment(person.onCall().toMinutes() / 60.0, OnCallCharts.HOURS, "bar-hours",
                                hours(person.onCall()) + " on call")))).toList();
        String pagesTitle = "Pages per person over the last " + chosen + " days, by day and at night (22:00–07:00 UTC)";
        String hoursTitle = "Hours on call per person over the last " + chosen + " days";
        model.addAttribute("view", new ReportView(chosen, ReportPages.DAYS, TimeText.minute(from), rows,
                OnCallCharts.bars("pages-chart", pagesTitle, pageBars, false), OnCallCharts.bars("pages-chart", pagesTitle, pageBars, true),
                OnCallCharts.bars("hours-chart", hoursTitle, hourBars, false), OnCallCharts.bars("hours-chart", hoursTitle, hourBars, true),
                times(reports.byService(from, to), "/services/"), times(reports.byTeam(from, to), "/teams/")));
        return "oncall/report";
    }

    private static List<TimesRow> times(List<PagingReports.ResponseTimes> rows, String hrefPrefix) {
        double slowestAck = rows.stream().filter(row -> row.meanTimeToAcknowledge() != null)
                .mapToDouble(row -> row.meanTimeToAcknowledge().toSeconds()).max().orElse(0);
        double slowestResolve = rows.stream().filter(row -> row.meanTimeToResolve() != null)
                .mapToDouble(row -> row.meanTimeToResolve().toSeconds()).max().orElse(0);
        return rows.stream().map(row -> new TimesRow(row.name() == null ? "No owner team" : row.name(),
                row.slug() == null ? null : hrefPrefix + row.slug(), row.groups(), row.acknowledged(), mean(row.meanTimeToAcknowledge()),
                row.meanTimeToAcknowledge() == null ? null : OnCallCharts.inline(row.meanTimeToAcknowledge().toSeconds(), slowestAck,
                        OnCallCharts.TIME, "bar-mtta"),
                row.resolved(), mean(row.meanTimeToResolve()),
                row.meanTimeToResolve() == null ? null : OnCallCharts.inline(row.meanTimeToResolve().toSeconds(), slowestResolve,
                        OnCallCharts.HOURS, "bar-mttr"))).toList();
    }

    /** "4 min 30 s" under an hour (acknowledging is measured in minutes), "3h 12m" above. */
    static String mean(Duration duration) {
        if (duration == null) {
            return null;
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return TimeText.duration(duration);
    }

    /** "168 h", "12.5 h". */
    static String hours(Duration duration) {
        double hours = duration.toMinutes() / 60.0;
        return (hours == Math.rint(hours) ? String.valueOf((long) hours) : String.format(Locale.ROOT, "%.1f", hours)) + " h";
    }
}
