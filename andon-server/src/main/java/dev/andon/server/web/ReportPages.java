package dev.andon.server.web;

import dev.andon.server.alerts.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The noise report: per source and rule, how many alerts came and how many of them responders
 * marked actionable, so the rules that only wake people up can be fixed or deleted.
 */
@Controller
public class ReportPages {
    static final List<Integer> DAYS = List.of(7, 30, 90);

    private final AlertStore alerts;
    private final Clock clock;

    public ReportPages(AlertStore alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The report over the last {@code days}; {@code rated} counts the alerts someone gave feedback on. */
    public record NoiseView(int days, List<Integer> choices, List<AlertStore.NoiseRow> rows, String chart, String chartNarrow, String since,
                            int alerts, int rated, int notActionable, int suppressed) {
        public Integer actionablePercent() {
            return rated == 0 ? null : Math.round(100f * (rated - notActionable) / rated);
        }

        public boolean chartCut() {
            return rows.size() > NoiseChart.MAX_ROWS;
        }
    }

    @GetMapping("/reports/noise")
    public String noise(@RequestParam(defaultValue = "30") String days, Model model) {
        int chosen = DAYS.stream().filter(choice -> String.valueOf(choice).equals(days)).findFirst().orElse(30);
        Instant since = clock.instant().minus(Duration.ofDays(chosen));
        List<AlertStore.NoiseRow> rows = alerts.noise(since);
        int total = rows.stream().mapToInt(AlertStore.NoiseRow::alerts).sum();
        int notActionable = rows.stream().mapToInt(AlertStore.NoiseRow::notActionable).sum();
        int rated = rows.stream().mapToInt(row -> row.actionable() + row.notActionable()).sum();
        int suppressed = rows.stream().mapToInt(AlertStore.NoiseRow::suppressed).sum();
        model.addAttribute("view", new NoiseView(chosen, DAYS, rows, NoiseChart.render(rows, false), NoiseChart.render(rows, true),
                TimeText.minute(since), total, rated, notActionable, suppressed));
        return "reports/noise";
    }
}
