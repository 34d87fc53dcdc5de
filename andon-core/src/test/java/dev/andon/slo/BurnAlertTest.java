package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Burn-rate thresholds f × P / W (Google SRE Workbook, "Alerting on SLOs"). */
class BurnAlertTest {
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    void defaultsAreTheWorkbooksThreeAlerts() {
        assertThat(BurnAlert.DEFAULTS).containsExactly(
                new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnAlert("page", 0.05, Duration.ofHours(6), Duration.ofMinutes(30)),
                new BurnAlert("ticket", 0.10, Duration.ofDays(3), Duration.ofHours(6)));
        assertThat(BurnAlert.DEFAULTS).extracting(BurnAlert::name).containsExactly("page-1h", "page-6h", "ticket-3d");
        // Each short window is 1/12 of its long one: 60/12 = 5 m, 360/12 = 30 m, 72/12 = 6 h.
        assertThat(BurnAlert.DEFAULTS).allSatisfy(alert -> assertThat(alert.longWindow().dividedBy(12)).isEqualTo(alert.shortWindow()));
    }

    @Test
    void thresholdsForThirtyDays() {
        // P = 30 d = 720 h. page: 0.02 × 720 / 1 = 14.4; page: 0.05 × 720 / 6 = 6; ticket: 0.10 × 720 / 72 = 1.
        assertThat(BurnAlert.DEFAULTS.get(0).threshold(THIRTY_DAYS)).isCloseTo(14.4, within(1e-9));
        assertThat(BurnAlert.DEFAULTS.get(1).threshold(THIRTY_DAYS)).isCloseTo(6.0, within(1e-9));
        assertThat(BurnAlert.DEFAULTS.get(2).threshold(THIRTY_DAYS)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void thresholdsForTwentyEightDays() {
        // P = 28 d = 672 h. page: 0.02 × 672 = 13.44; page: 0.05 × 672 / 6 = 5.6; ticket: 0.10 × 672 / 72 = 0.9333...
        assertThat(BurnAlert.DEFAULTS.get(0).threshold(Duration.ofDays(28))).isCloseTo(13.44, within(1e-9));
        assertThat(BurnAlert.DEFAULTS.get(1).threshold(Duration.ofDays(28))).isCloseTo(5.6, within(1e-9));
        assertThat(BurnAlert.DEFAULTS.get(2).threshold(Duration.ofDays(28))).isCloseTo(67.2 / 72, within(1e-9));
    }

    @Test
    void thresholdsForSevenDaysAndForCalendarMonthsOfUnevenLength() {
        // P = 7 d = 168 h: 0.02 × 168 = 3.36.
        assertThat(BurnAlert.DEFAULTS.get(0).threshold(Duration.ofDays(7))).isCloseTo(3.36, within(1e-9));
        // Berlin March 2026 is 743 h: 0.02 × 743 = 14.86; October 2026 is 745 h: 0.02 × 745 = 14.9.
        assertThat(BurnAlert.DEFAULTS.get(0).threshold(Duration.ofHours(743))).isCloseTo(14.86, within(1e-9));
        assertThat(BurnAlert.DEFAULTS.get(0).threshold(Duration.ofHours(745))).isCloseTo(14.9, within(1e-9));
    }

    @Test
    void budgetConsumedInTheLongWindowAtTheThresholdIsTheFraction() {
        // consumed in W = burn × W / P; at burn = f × P / W that is f.
        for (BurnAlert alert : BurnAlert.DEFAULTS) {
            double burn = alert.threshold(THIRTY_DAYS);
            double consumed = burn * alert.longWindow().toSeconds() / THIRTY_DAYS.toSeconds();
            assertThat(consumed).isCloseTo(alert.budgetFraction(), within(1e-12));
        }
    }

    @Test
    void invalidAlertsAreRefused() {
        assertThatThrownBy(() -> new BurnAlert("warn", 0.02, Duration.ofHours(1), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurnAlert("page", 0, Duration.ofHours(1), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurnAlert("page", 1.5, Duration.ofHours(1), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BurnAlert("ticket", 1, Duration.ofDays(3), Duration.ofHours(6)).name()).isEqualTo("ticket-3d");
    }
}
