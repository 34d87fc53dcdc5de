package dev.andon.slo;

import java.time.Duration;
import java.util.List;

/**
 * One multiwindow burn-rate alert: fire when both the long and the short window burn faster than
 * the rate that would consume {@code budgetFraction} of the budget within the long window
 * (threshold = f × P / W). {@code severity} is "page" or "ticket".
 */
public record BurnAlert(String severity, double budgetFraction, Duration longWindow, Duration shortWindow) {
    public BurnAlert {
        if (!"page".equals(severity) && !"ticket".equals(severity)) {
            throw new IllegalArgumentException("severity is page or ticket");
        }
        if (!(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new IllegalArgumentException("budgetFraction is in (0, 1]");
        }
        if (shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException("the short window is shorter than the long one");
        }
    }

    /** The Google SRE Workbook's defaults: page at 2% in 1h (5m) and 5% in 6h (30m), ticket at 10% in 3d (6h). */
    public static final List<BurnAlert> DEFAULTS = List.of(
            new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
            new BurnAlert("page", 0.05, Duration.ofHours(6), Duration.ofMinutes(30)),
            new BurnAlert("ticket", 0.10, Duration.ofDays(3), Duration.ofHours(6)));

    /** The burn rate that consumes {@code budgetFraction} of a budget for {@code period} within the long window: f × P / W. */
    public double threshold(Duration period) {
        return budgetFraction * period.toSeconds() / longWindow.toSeconds();
    }

    /** A stable name: "page-1h", "ticket-3d". */
    public String name() {
        return severity + "-" + Durations.text(longWindow);
    }
}
