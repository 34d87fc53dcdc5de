package dev.andon.slo;

import java.time.Duration;
import java.util.List;

/**
 * A service level objective: an indicator, a target over a time window, a budgeting method, what
 * no data counts as, when burn alerts may fire, and the alerts themselves.
 *
 * @param target           the objective, in [0, 1): 0.999 is "99.9% good"
 * @param sliceWindow      time-slice methods: the slice length (a whole number of minutes)
 * @param sliceTarget      Timeslices: the ratio a slice needs to be good
 * @param minEvents        burn alerts fire only when the long window saw at least this many events
 * @param noDataAlertAfter alert when no data arrived for this long; null: never
 */
public record Slo(String slug, String name, String description, String service, Indicator indicator, double target, TimeWindow window,
                  BudgetingMethod method, Duration sliceWindow, Double sliceTarget, NoDataPolicy noData, long minEvents, Duration noDataAlertAfter,
                  List<BurnAlert> alerts) {
    public Slo {
        if (!(target >= 0 && target < 1)) {
            throw new IllegalArgumentException("target is in [0, 1), e.g. 0.999");
        }
        noData = noData == null ? NoDataPolicy.EXCLUDED : noData;
        alerts = alerts == null ? BurnAlert.DEFAULTS : List.copyOf(alerts);
        if (method.sliced()) {
            if (sliceWindow == null || sliceWindow.toSeconds() % 60 != 0 || sliceWindow.isZero()) {
                throw new IllegalArgumentException("time-slice methods need a slice window of whole minutes");
            }
        }
        if (method == BudgetingMethod.TIMESLICES && (sliceTarget == null || !(sliceTarget > 0 && sliceTarget <= 1))) {
            throw new IllegalArgumentException("Timeslices needs a slice target in (0, 1]");
        }
    }

    /** The error budget as a fraction: 1 - target. */
    public double errorBudget() {
        return 1 - target;
    }
}
