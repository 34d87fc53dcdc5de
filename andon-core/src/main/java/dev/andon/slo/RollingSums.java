package dev.andon.slo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An SLO's sums over the spans its math reads (the rolling window, the last hour, each alert's
 * long and short window), all ending at {@link #end()}, kept up to date one minute at a time: the
 * minute entering is added and, for each span, the minute leaving it subtracted. That makes a
 * minute's evaluation cost a few additions per SLO instead of a scan of its window.
 *
 * <p>As {@link Buckets} it answers only sums over [end - span, end) for its spans; anything else
 * is a programming error and throws. It serves rolling-window Occurrences SLOs without exclusions
 * in their windows; the rest take the full path.
 */
public final class RollingSums implements Buckets {
    private final List<Duration> spans;
    private final long[] good;
    private final long[] total;
    private final long[] dataMinutes;
    private Instant end;
    private Instant lastData;

    /** Spans of whole minutes; their sums at {@code end} are read from {@code initial}. */
    public RollingSums(Collection<Duration> spans, Instant end, Buckets initial) {
        this.spans = List.copyOf(new TreeSet<>(spans));
        for (Duration span : this.spans) {
            if (span.isZero() || span.isNegative() || span.toSeconds() % 60 != 0) {
                throw new IllegalArgumentException("spans are whole minutes, got " + span);
            }
        }
        this.end = end.truncatedTo(ChronoUnit.MINUTES);
        good = new long[this.spans.size()];
        total = new long[this.spans.size()];
        dataMinutes = new long[this.spans.size()];
        for (int i = 0; i < this.spans.size(); i++) {
            Counts counts = initial.sum(this.end.minus(this.spans.get(i)), this.end);
            good[i] = counts.good();
            total[i] = counts.total();
            dataMinutes[i] = initial.minutesWithData(this.end.minus(this.spans.get(i)), this.end);
        }
        lastData = initial.lastData();
    }

    /** The spans an SLO's status and alerts read: its rolling window, one hour, each alert's windows. */
    public static List<Duration> spansOf(Slo slo) {
        if (!(slo.window() instanceof TimeWindow.Rolling rolling) || slo.method() != BudgetingMethod.OCCURRENCES) {
            throw new IllegalArgumentException("rolling sums serve rolling-window Occurrences SLOs");
        }
        List<Duration> spans = new ArrayList<>();
        spans.add(rolling.length());
        spans.add(Duration.ofHours(1));
        for (BurnAlert alert : slo.alerts()) {
            spans.add(alert.longWindow());
            spans.add(alert.shortWindow());
        }
        return spans;
    }

    public List<Duration> spans() {
        return spans;
    }

    public Instant end() {
        return end;
    }

    /** The minute that enters when the sums move on by one: [end, end + 1m). */
    public Instant entering() {
        return end;
    }

    /** The minute that leaves {@code span} when the sums move on by one: [end - span, end - span + 1m). */
    public Instant leaving(Duration span) {
        return end.minus(span);
    }

    /**
     * Moves the end on by one minute: adds {@code entering} (the counts of [end, end + 1m)) to every
     * span and subtracts, from each, the counts of the minute leaving it ({@code leaving} maps each
     * leaving minute's start to its counts; a minute not in the map had no data).
     */
    public void advance(Counts entering, Map<Instant, Counts> leaving) {
        for (int i = 0; i < spans.size(); i++) {
            Counts out = leaving.getOrDefault(end.minus(spans.get(i)), Counts.NONE);
            good[i] += entering.good() - out.good();
            total[i] += entering.total() - out.total();
            dataMinutes[i] += (entering.total() > 0 ? 1 : 0) - (out.total() > 0 ? 1 : 0);
        }
        if (entering.total() > 0) {
            lastData = end;
        }
        end = end.plus(Duration.ofMinutes(1));
    }

    /**
     * These settled sums followed by {@code tail}, the minutes [end, to) that may still change
     * (late check results, a collector reading the last minutes again): sums over
     * [to - span - (to - end), to) for each span, as the math asks for them. The tail is read
     * fresh each time; only settled minutes are added into the sums.
     */
    public Buckets withTail(Buckets tail, Instant to) {
        Instant settled = end;
        Duration tailLength = Duration.between(settled, to);
        return new Buckets() {
            @Override
            public Counts sum(Instant from, Instant until) {
                if (!from.isBefore(until)) {
                    return Counts.NONE;
                }
                check(until);
                return RollingSums.this.sum(from, settled).plus(tail.sum(settled, until));
            }

            @Override
            public long minutesWithData(Instant from, Instant until) {
                if (!from.isBefore(until)) {
                    return 0;
                }
                check(until);
                return RollingSums.this.minutesWithData(from, settled) + tail.minutesWithData(settled, until);
            }

            private void check(Instant until) {
                if (!until.equals(to)) {
                    throw new IllegalArgumentException("these sums end at " + to + ", not " + until);
                }
            }

            @Override
            public Instant since() {
                return null;
            }

            @Override
            public Instant lastData() {
                Instant fresh = tail.lastData();
                return fresh != null && !fresh.isBefore(settled) ? fresh : RollingSums.this.lastData();
            }

            @Override
            public String toString() {
                return "settled sums to " + settled + " + " + tailLength.toMinutes() + " fresh minutes";
            }
        };
    }

    private int index(Instant from, Instant to) {
        if (to.equals(end)) {
            int i = spans.indexOf(Duration.between(from, to));
            if (i >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("rolling sums hold spans " + spans + " ending " + end + ", not [" + from + ", " + to + ")");
    }

    @Override
    public Counts sum(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return Counts.NONE;
        }
        int i = index(from, to);
        return new Counts(good[i], total[i]);
    }

    @Override
    public long minutesWithData(Instant from, Instant to) {
        return from.isBefore(to) ? dataMinutes[index(from, to)] : 0;
    }

    /** Counting is not cut at a start: the spans hold what was stored. */
    @Override
    public Instant since() {
        return null;
    }

    @Override
    public Instant lastData() {
        return lastData;
    }
}
