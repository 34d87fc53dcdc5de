package dev.andon.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builders shared by the SLO tests: minute data written by hand, and SLOs with only the interesting fields set. */
final class SloTestData {
    private SloTestData() {}

    static Instant utc(String text) {
        return Instant.parse(text);
    }

    static Instant plusMinutes(Instant at, long minutes) {
        return at.plus(Duration.ofMinutes(minutes));
    }

    /** Minute data from {@code start}: every minute empty until set. */
    static final class Minutes {
        private final Instant start;
        private final long[] good;
        private final long[] total;

        Minutes(Instant start, int minutes) {
            this.start = start;
            this.good = new long[minutes];
            this.total = new long[minutes];
        }

        /** Minute {@code minute} had {@code total} events of which {@code bad} were bad. */
        Minutes set(int minute, long total, long bad) {
            this.total[minute] = total;
            this.good[minute] = total - bad;
            return this;
        }

        /** Each minute in [from, to) had {@code total} events of which {@code bad} were bad. */
        Minutes fill(int from, int to, long total, long bad) {
            for (int i = from; i < to; i++) {
                set(i, total, bad);
            }
            return this;
        }

        ArrayBuckets buckets() {
            return new ArrayBuckets(start, good, total, start);
        }

        ArrayBuckets buckets(Instant since) {
            return new ArrayBuckets(start, good, total, since);
        }
    }

    /** An SLO under test: push-fed, Occurrences, no-data excluded, default alerts unless changed. */
    static final class SloBuilder {
        private double target = 0.99;
        private TimeWindow window = new TimeWindow.Rolling(Duration.ofDays(30));
        private BudgetingMethod method = BudgetingMethod.OCCURRENCES;
        private Duration sliceWindow;
        private Double sliceTarget;
        private NoDataPolicy noData = NoDataPolicy.EXCLUDED;
        private long minEvents;
        private Duration noDataAlertAfter;
        private List<BurnAlert> alerts;

        SloBuilder target(double target) {
            this.target = target;
            return this;
        }

        SloBuilder window(TimeWindow window) {
            this.window = window;
            return this;
        }

        SloBuilder rolling(Duration length) {
            return window(new TimeWindow.Rolling(length));
        }

        SloBuilder occurrences() {
            this.method = BudgetingMethod.OCCURRENCES;
            this.sliceWindow = null;
            this.sliceTarget = null;
            return this;
        }

        SloBuilder timeslices(Duration sliceWindow, double sliceTarget) {
            this.method = BudgetingMethod.TIMESLICES;
            this.sliceWindow = sliceWindow;
            this.sliceTarget = sliceTarget;
            return this;
        }

        SloBuilder ratioTimeslices(Duration sliceWindow) {
            this.method = BudgetingMethod.RATIO_TIMESLICES;
            this.sliceWindow = sliceWindow;
            this.sliceTarget = null;
            return this;
        }

        SloBuilder noData(NoDataPolicy noData) {
            this.noData = noData;
            return this;
        }

        SloBuilder minEvents(long minEvents) {
            this.minEvents = minEvents;
            return this;
        }

        SloBuilder noDataAlertAfter(Duration after) {
            this.noDataAlertAfter = after;
            return this;
        }

        SloBuilder alerts(BurnAlert... alerts) {
            this.alerts = List.of(alerts);
            return this;
        }

        Slo build() {
            return new Slo("checkout", "Checkout", "", "shop", Indicator.push(), target, window, method, sliceWindow, sliceTarget, noData, minEvents,
                    noDataAlertAfter, alerts);
        }
    }

    static SloBuilder slo() {
        return new SloBuilder();
    }
}
