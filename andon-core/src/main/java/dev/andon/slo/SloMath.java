package dev.andon.slo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of an SLO over its minute buckets: the SLI and the error budget left in the
 * current period, burn rates, time to exhaustion, multiwindow burn alerts, and the budget a span
 * of time (an incident) consumed. Formulas (Google SRE Workbook): error budget = 1 - target; burn
 * rate = error ratio / (1 - target); an alert for fraction f of the budget in long window W fires
 * at burn rate f × P / W, in both W and its short window. Excluded spans (maintenance, incidents
 * that were not the service's fault) count for nothing.
 */
public final class SloMath {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private SloMath() {}

    /** Where an SLO stands at {@code now}. {@code remaining} and {@code consumed} are fractions of the budget (remaining may go below 0). */
    public record Status(TimeWindow.Period period, Instant countedFrom, Instant countedTo, Counts counts, double sli, double consumed,
                         double remaining, double burnRate, Duration timeToExhaustion, boolean noData) {}

    /** One burn alert's evaluation. */
    public record AlertState(BurnAlert alert, double threshold, double longBurn, double shortBurn, long longEvents, boolean firing) {}

    /** The SLI, budget and 1-hour burn rate of the period containing {@code now}. */
    public static Status status(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        TimeWindow.Period period = slo.window().periodAt(now);
        Instant from = later(period.start(), buckets.since());
        Instant to = earlier(minute, period.end());
        Weighed weighed = weigh(slo, buckets, exclusions, from, to);
        double budgetUnits = slo.method().sliced() ? slo.errorBudget() * slices(slo, period.start(), period.end())
                : slo.errorBudget() * weighed.total();
        double consumed = budgetUnits <= 0 ? 0 : weighed.bad() / budgetUnits;
        double remaining = 1 - consumed;
        double burn = burnRate(slo, buckets, exclusions, minute.minus(Duration.ofHours(1)), minute);
        Duration exhaustion = remaining <= 0 ? Duration.ZERO
                : burn <= 0 ? null : Duration.ofSeconds((long) Math.ceil(remaining * periodLength(slo, now).toSeconds() / burn));
        return new Status(period, from, to, weighed.counts(), weighed.sli(), consumed, remaining, burn, exhaustion, weighed.total() == 0);
    }

    /**
     * The burn rate over [from, to): its error ratio divided by the error budget; 0 without events. Time-slice methods
     * count the whole slices that ended in (from, to], so a window as short as a slice always holds one, wherever the
     * current minute falls between slice boundaries.
     */
    public static double burnRate(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant from, Instant to) {
        return burn(slo, weighWindow(slo, buckets, exclusions, from, to));
    }

    private static double burn(Slo slo, Weighed weighed) {
        return weighed.total() <= 0 ? 0 : (weighed.bad() / weighed.total()) / slo.errorBudget();
    }

    /** What a burn window [from, to) weighs: from the SLO's start on; for time slices, from the start of the slice containing {@code from}. */
    private static Weighed weighWindow(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant from, Instant to) {
        Instant start = from;
        if (slo.method().sliced()) {
            long sliceSeconds = slo.sliceWindow().toSeconds();
            start = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), sliceSeconds) * sliceSeconds);
        }
        return weigh(slo, buckets, exclusions, later(start, buckets.since()), to);
    }

    /** Each of the SLO's burn alerts at {@code now}: firing when both windows burn at or over the threshold and the long one saw enough events. */
    public static List<AlertState> alerts(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Duration period = periodLength(slo, now);
        List<AlertState> states = new ArrayList<>();
        for (BurnAlert alert : slo.alerts()) {
            double threshold = alert.threshold(period);
            // The long window's events are those its burn rate was computed from: excluded time has none.
            Weighed longWindow = weighWindow(slo, buckets, exclusions, minute.minus(alert.longWindow()), minute);
            double longBurn = burn(slo, longWindow);
            double shortBurn = burnRate(slo, buckets, exclusions, minute.minus(alert.shortWindow()), minute);
            long events = longWindow.counts().total();
            boolean firing = longBurn >= threshold && shortBurn >= threshold && events >= Math.max(1, slo.minEvents());
            states.add(new AlertState(alert, threshold, longBurn, shortBurn, events, firing));
        }
        return states;
    }

    /** Whether data stopped arriving: nothing for the SLO's no-data interval (never when it has none). */
    public static boolean noDataAlert(Slo slo, Buckets buckets, Instant now) {
        if (slo.noDataAlertAfter() == null) {
            return false;
        }
        Instant last = buckets.lastData();
        Instant since = last == null ? buckets.since() : last.plus(MINUTE);
        return !now.isBefore(since.plus(slo.noDataAlertAfter()));
    }

    /**
     * The fraction of the budget of the period containing {@code to} that [from, to) consumed:
     * what an incident cost. Counted as of {@code now} for a period still running.
     */
    public static double consumed(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant from, Instant to, Instant now) {
        Instant end = earlier(to, now).truncatedTo(ChronoUnit.MINUTES);
        Instant start = later(from.truncatedTo(ChronoUnit.MINUTES), buckets.since());
        if (!start.isBefore(end)) {
            return 0;
        }
        Weighed spent = weigh(slo, buckets, exclusions, start, end);
        // A rolling window's period containing the span's last minute is the one ending with it; a calendar period is
        // the one containing that minute (its start, when the span ends on a boundary).
        TimeWindow.Period period = slo.window() instanceof TimeWindow.Rolling ? slo.window().periodAt(end) : slo.window().periodAt(end.minus(MINUTE));
        double budgetUnits;
        if (slo.method().sliced()) {
            budgetUnits = slo.errorBudget() * slices(slo, period.start(), period.end());
        } else {
            Instant periodTo = earlier(period.end(), now.truncatedTo(ChronoUnit.MINUTES));
            budgetUnits = slo.errorBudget() * weigh(slo, buckets, exclusions, later(period.start(), buckets.since()), periodTo).total();
        }
        return budgetUnits <= 0 ? 0 : spent.bad() / budgetUnits;
    }

    /** The budget remaining at each of {@code points} moments from the period's start to {@code now}: the burn-down chart. */
    public static List<double[]> burnDown(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant now, int points) {
        TimeWindow.Period period = slo.window().periodAt(now);
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        List<double[]> series = new ArrayList<>();
        long span = Math.max(1, Duration.between(period.start(), end).toMinutes());
        for (int i = 0; i <= points; i++) {
            Instant at = period.start().plus(Duration.ofMinutes(span * i / points));
            if (slo.window() instanceof TimeWindow.Calendar) {
                // Calendar: the same period, counted up to each moment.
                Weighed weighed = weigh(slo, buckets, exclusions, later(period.start(), buckets.since()), later(at, later(period.start(), buckets.since())));
                double units = slo.method().sliced() ? slo.errorBudget() * slices(slo, period.start(), period.end()) : slo.errorBudget() * weighed.total();
                series.add(new double[] {at.toEpochMilli(), units <= 0 ? 1 : 1 - weighed.bad() / units});
            } else {
                series.add(new double[] {at.toEpochMilli(), status(slo, buckets, exclusions, at).remaining()});
            }
        }
        return series;
    }

    /** The length of the period containing {@code now}: P in f × P / W. */
    public static Duration periodLength(Slo slo, Instant now) {
        return slo.window().periodAt(now).length();
    }

    // --- weighing events or slices

    /** Good and bad weight over a span: events (Occurrences) or slices (time-slice methods), after exclusions and the no-data policy. */
    record Weighed(Counts counts, double good, double bad) {
        double total() {
            return good + bad;
        }

        double sli() {
            return total() <= 0 ? Double.NaN : good / total();
        }
    }

    static Weighed weigh(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return new Weighed(Counts.NONE, 0, 0);
        }
        if (!slo.method().sliced()) {
            Counts counts = Counts.NONE;
            long emptyMinutes = 0;
            for (TimeWindow.Period part : included(exclusions, from, to)) {
                counts = counts.plus(buckets.sum(part.start(), part.end()));
                emptyMinutes += part.length().toMinutes() - buckets.minutesWithData(part.start(), part.end());
            }
            double good = counts.good();
            double bad = counts.bad();
            if (slo.noData() == NoDataPolicy.GOOD) {
                good += emptyMinutes;
            } else if (slo.noData() == NoDataPolicy.BAD) {
                bad += emptyMinutes;
            }
            return new Weighed(counts, good, bad);
        }
        long sliceMinutes = slo.sliceWindow().toMinutes();
        double[] weight = new double[2];
        Counts[] total = {Counts.NONE};
        // Slices are aligned to the epoch, so every window cuts them the same way.
        Instant first = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), sliceMinutes * 60) * sliceMinutes * 60);
        buckets.forEachSlice(first, to, sliceMinutes, (start, ignored) -> {
            Instant end = start.plus(slo.sliceWindow());
            if (start.isBefore(from) || end.isAfter(to) || overlaps(exclusions, start, end)) {
                return;
            }
            Counts counts = buckets.sum(start, end);
            total[0] = total[0].plus(counts);
            double ratio;
            if (counts.empty()) {
                if (slo.noData() == NoDataPolicy.EXCLUDED) {
                    return;
                }
                ratio = slo.noData() == NoDataPolicy.GOOD ? 1 : 0;
            } else {
                ratio = counts.ratio();
            }
            double good = slo.method() == BudgetingMethod.TIMESLICES ? (ratio >= slo.sliceTarget() ? 1 : 0) : ratio;
            weight[0] += good;
            weight[1] += 1 - good;
        });
        return new Weighed(total[0], weight[0], weight[1]);
    }

    /** Whole slices in [from, to): the budget of a time-slice SLO is counted in slices of the whole period. */
    static long slices(Slo slo, Instant from, Instant to) {
        return Duration.between(from, to).toMinutes() / slo.sliceWindow().toMinutes();
    }

    /** [from, to) minus the exclusions, as whole-minute parts in order. */
    static List<TimeWindow.Period> included(List<TimeWindow.Period> exclusions, Instant from, Instant to) {
        List<TimeWindow.Period> parts = new ArrayList<>();
        parts.add(new TimeWindow.Period(from, to));
        if (exclusions == null) {
            return parts;
        }
        for (TimeWindow.Period excluded : exclusions) {
            Instant start = excluded.start().truncatedTo(ChronoUnit.MINUTES);
            Instant end = ceilMinute(excluded.end());
            List<TimeWindow.Period> next = new ArrayList<>();
            for (TimeWindow.Period part : parts) {
                if (!end.isAfter(part.start()) || !start.isBefore(part.end())) {
                    next.add(part);
                    continue;
                }
                if (start.isAfter(part.start())) {
                    next.add(new TimeWindow.Period(part.start(), start));
                }
                if (end.isBefore(part.end())) {
                    next.add(new TimeWindow.Period(end, part.end()));
                }
            }
            parts = next;
        }
        return parts;
    }

    private static boolean overlaps(List<TimeWindow.Period> exclusions, Instant from, Instant to) {
        if (exclusions == null) {
            return false;
        }
        for (TimeWindow.Period excluded : exclusions) {
            if (excluded.start().isBefore(to) && ceilMinute(excluded.end()).isAfter(from)) {
                return true;
            }
        }
        return false;
    }

    private static Instant ceilMinute(Instant at) {
        Instant floor = at.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(at) ? at : floor.plus(MINUTE);
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
